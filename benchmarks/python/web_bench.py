"""Time to first paint of the web grid (48 thumbnails) on a table of ROWS rows, in headless
Chromium (Debian's, driven by Playwright), with a cold and a warm thumbnail cache.

A `sheaf serve` is started on a fresh data directory; ROWS rows referencing the sample images over
and over (row i names image i mod n) are loaded by bulk ingest (media-validation on_read: the
objects are pinned at the first read, not stat-ed a million times at insert). Each measurement opens
the grid in a new browser context (no HTTP cache), reads the Navigation Timing and Paint Timing
entries, and reports: the grid page's first contentful paint, and the load event (the page's images
are not lazy, so the load event comes when all 48 thumbnails are in). Cold: a page of rows whose
thumbnails the server never made (a keyset page further on each time); warm: the same page again.
The baseline is the same 48 thumbnails asked for over Flight SQL in one query
(`SELECT thumbnail(img, 160) ... LIMIT 48`) by the Python client.

    python3 benchmarks/python/web_bench.py [--rows 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "clients" / "python"))
import sheaf

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IMAGES = Path("/work/shared/media/images")
FALLBACK_IMAGES = ROOT / "tests" / "python" / "data"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("sheaf serve exited")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"port {port} did not open")


def measure(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url, wait_until="load")
    timing = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const thumbs = performance.getEntriesByType('resource').filter(e => e.name.includes('/thumb'));
        return {html_ms: nav.responseEnd, fcp_ms: paint ? paint.startTime : null,
                load_ms: nav.loadEventStart, thumbs: thumbs.length,
                last_thumb_ms: Math.max(...thumbs.map(e => e.responseEnd)),
                loaded: [...document.querySelectorAll('img.thumb')]
                    .filter(i => i.complete && i.naturalWidth > 0).length};
    }""")
    context.close()
    return timing


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="sheaf-web-bench-"))
    folder = work / "images"
    folder.mkdir()
    source = IMAGES if IMAGES.is_dir() else FALLBACK_IMAGES
    images = sorted(p for p in source.iterdir() if p.suffix in (".png", ".jpg"))
    for image in images:
        shutil.copy(image, folder / image.name)
    flight_port, web_port = free_port(), free_port()
    env = dict(os.environ, SHEAF_JAVA_OPTS=os.environ.get("SHEAF_JAVA_OPTS", "-Xmx2g"))
    log = open(work / "server.log", "w")  # noqa: SIM115 (the server writes it until the end)
    server = subprocess.Popen(
        [str(ROOT / "sheaf"), "serve", "--port", str(flight_port), "--web-port", str(web_port),
         "--data-dir", str(work / "data"), "--media-roots", str(folder),
         "--media-validation", "on_read"],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    try:
        wait_port(flight_port, server)
        wait_port(web_port, server)
        uris = [(folder / p.name).as_uri() for p in images]
        labels = ["cat", "dog", "bird", "fish"]
        with sheaf.connect(f"grpc://127.0.0.1:{flight_port}") as client:
            client.execute("CREATE TABLE bench_photos (id BIGINT, label VARCHAR, img IMAGE)")
            started = time.perf_counter()
            ids = pa.array(range(args.rows), pa.int64())
            client.insert("bench_photos", pa.table({
                "id": ids,
                "label": pa.array([labels[i % 4] for i in range(args.rows)]),
                "img": pa.array([uris[i % len(uris)] for i in range(args.rows)]),
            }))
            ingest_s = time.perf_counter() - started
            flight = []
            for run in range(args.runs):
                offset = (run + 1) * args.rows // (args.runs + 2)
                started = time.perf_counter()
                table = client.sql("SELECT id, thumbnail(img, 160) AS t FROM bench_photos"
                                   f" WHERE id >= {offset} ORDER BY id LIMIT 48")
                flight.append(time.perf_counter() - started)
                assert table.column("t").null_count == 0
        base = f"http://127.0.0.1:{web_port}/table?t=bench_photos&n=48"
        results = {"rows": args.rows, "ingest_s": round(ingest_s, 2),
                   "flight_48_thumbnails_s": [round(f, 3) for f in flight]}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            measure(browser, base + "&after=999999999")  # the browser and the page code warm up
            cold, warm = [], []
            for run in range(args.runs):
                # a page the server made no thumbnails for (keyset paging: rows after a row id)
                after = (run + 1) * args.rows // (args.runs + 1) + 7
                url = f"{base}&after={after}"
                cold.append(measure(browser, url))
                warm.append(measure(browser, url))
            deep = measure(browser, f"{base}&after={args.rows - 100}")
            first = measure(browser, base)
            browser.close()
        for name, runs in (("cold", cold), ("warm", warm)):
            assert all(r["loaded"] == 48 for r in runs), runs
            results[name] = {key: round(statistics.median(r[key] for r in runs), 1)
                             for key in ("html_ms", "fcp_ms", "load_ms", "last_thumb_ms")}
            results[name + "_runs"] = runs
        results["first_page_cold"] = first
        results["last_page_cold"] = deep
        print(json.dumps(results, indent=1))
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
