"""The web pages in a real browser: Debian's Chromium, headless, driven by Playwright, against a
real `sheaf serve` with users and the sample photos. Screenshots go to tests/artifacts/web/."""

from __future__ import annotations

import base64
import shutil
import sys
from pathlib import Path

import pytest
import sheaf
from conftest import ROOT, SheafProcess, free_port, missing
from test_auth import password_hash

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHARED = Path("/work/shared/media/images")
DATA = Path(__file__).resolve().parent / "data"
SHOTS = ROOT / "tests" / "artifacts" / "web"
XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"
USER, PASSWORD = "ada", "lovelace"


def sample_images() -> list[Path]:
    images = sorted(p for p in SHARED.glob("*") if p.suffix in (".png", ".jpg")) if SHARED.is_dir() else []
    return images or sorted(DATA.glob("*.[pj][np]g"))


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    """A server with one user and its web pages on a known port; a table of the sample photos,
    one with an XSS label and one whose file is missing."""
    if not Path(CHROMIUM).exists():
        missing("Debian's chromium is not installed (./run-tests installs it)")
    data = tmp_path_factory.mktemp("web") / "data"
    port = free_port()
    users = f"{USER}:{password_hash(PASSWORD)},bob:{password_hash('builder')}"
    server = SheafProcess(data, ["--web-port", str(port), "--users", users])
    folder = data / "web-images"
    folder.mkdir(parents=True)
    images = sample_images()
    if len(images) < 2:
        missing("the sample images are not available")
    for image in images:
        shutil.copy(image, folder / image.name)
    labels = ["cat" if i % 3 == 0 else "dog" for i in range(len(images))]
    rows = [(i, labels[i], (folder / p.name).as_uri()) for i, p in enumerate(images)]
    rows.append((len(rows), XSS, (folder / images[0].name).as_uri()))
    rows.append((len(rows), "gone", (folder / "missing.png").as_uri()))
    with sheaf.connect(server.uri, username=USER, password=PASSWORD) as client:
        client.execute("CREATE TABLE web_photos (id INTEGER, label VARCHAR, img IMAGE)")
        values = ", ".join("(?, ?, ?)" for _ in rows)
        client.execute(f"INSERT INTO web_photos VALUES {values}",
                       [v for row in rows for v in row])
    server.web_url = f"http://127.0.0.1:{port}"
    server.rows = rows
    server.cats = labels.count("cat")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(http_credentials={"username": USER, "password": PASSWORD},
                                  viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def loaded_images(page, selector: str) -> int:
    """Waits for the images of ``selector`` to finish loading; how many show a picture."""
    page.wait_for_function(
        "s => [...document.querySelectorAll(s)].every(i => i.complete)", arg=selector)
    return page.evaluate(
        "s => [...document.querySelectorAll(s)].filter(i => i.naturalWidth > 0).length", selector)


def test_the_grid_shows_a_thumbnail_per_row(web, page):
    response = page.goto(f"{web.web_url}/table?t=web_photos&n=48")
    assert response.status == 200
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.locator("img.thumb").count() == len(web.rows)
    assert loaded_images(page, "img.thumb") == len(web.rows)  # the missing file: a placeholder
    page.screenshot(path=str(SHOTS / "grid.png"), full_page=True)


def test_a_where_filter_narrows_the_grid(web, page):
    page.goto(f"{web.web_url}/table?t=web_photos")
    page.fill("#where", "label = 'cat'")
    page.click("#apply")
    page.wait_for_load_state()
    assert page.locator("img.thumb").count() == web.cats
    assert page.locator("#count").get_attribute("data-rows") == str(web.cats)
    page.screenshot(path=str(SHOTS / "grid-where.png"), full_page=True)
    page.fill("#where", "1 = 1); DROP TABLE web_photos; --")
    page.click("#apply")
    page.wait_for_load_state()
    assert "INVALID_QUERY" in page.locator(".error").inner_text()
    page.goto(f"{web.web_url}/table?t=web_photos")
    assert page.locator("img.thumb").count() == len(web.rows)


def test_a_row_page_shows_the_image(web, page):
    page.goto(f"{web.web_url}/table?t=web_photos")
    page.locator(".card a").first.click()
    page.wait_for_load_state()
    image = page.locator("#full-image")
    assert image.count() == 1
    assert loaded_images(page, "#full-image") == 1
    width = page.evaluate("document.querySelector('#full-image').naturalWidth")
    assert 0 < width <= 1024
    page.screenshot(path=str(SHOTS / "row.png"), full_page=True)


def test_a_missing_image_shows_its_error(web, page):
    missing_id = len(web.rows) - 1
    page.goto(f"{web.web_url}/table?t=web_photos")
    page.locator(f".card[data-rowid='{missing_id}'] a").click()
    page.wait_for_load_state()
    assert "MEDIA_NOT_FOUND" in page.locator("#errors").inner_text()
    page.screenshot(path=str(SHOTS / "row-missing.png"), full_page=True)


def test_an_xss_label_stays_text(web, page):
    page.goto(f"{web.web_url}/table?t=web_photos")
    loaded_images(page, "img.thumb")
    label = page.locator(".card .value", has_text="<script>alert(2)</script>")
    assert label.count() == 1 and label.is_visible()
    assert label.inner_text() == XSS
    xss_id = len(web.rows) - 2
    page.goto(f"{web.web_url}/row?t=web_photos&r={xss_id}")
    assert page.locator("td", has_text="onerror=alert(1)").first.is_visible()
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('main script, figcaption img').length") == 0
    page.screenshot(path=str(SHOTS / "xss.png"), full_page=True)


def test_a_user_without_access_is_refused(web, browser):
    def basic(user: str, password: str) -> dict[str, str]:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    # a wrong password for bob (failed logins lock a name out for a minute: not ada's)
    for headers in (None, basic("bob", "wrong"), basic("mallory", PASSWORD),
                    {"Authorization": "Bearer forged"}, {"Cookie": "sheaf_session=forged"}):
        context = browser.new_context(extra_http_headers=headers) if headers \
            else browser.new_context()
        page = context.new_page()
        try:
            # Chromium answers a 401 with a Basic challenge itself when it has no login to give
            response = page.goto(f"{web.web_url}/table?t=web_photos")
            assert response.status == 401
        except sync_api.Error as e:
            assert "ERR_INVALID_AUTH_CREDENTIALS" in str(e)
        assert page.locator("img.thumb").count() == 0
        assert "web-images" not in page.content()
        if headers is None:
            page.screenshot(path=str(SHOTS / "refused.png"))
        for path in ("/table?t=web_photos", "/row?t=web_photos&r=0",
                     "/thumb?t=web_photos&r=0&c=img", "/api/jobs"):
            answer = page.request.get(f"{web.web_url}{path}")
            assert answer.status == 401, path
            assert "web-images" not in answer.text() and "cat" not in answer.text()
        context.close()


def test_the_jobs_page_follows_a_job(web, page):
    page.goto(f"{web.web_url}/jobs")
    assert page.locator("#jobs tbody tr").count() == 0
    assert page.locator("#no-jobs").is_visible()
    with sheaf.connect(web.uri, username=USER, password=PASSWORD) as client:
        client.execute("ALTER TABLE web_photos ADD COLUMN w AS (width(img)) STORED")
    # the page was rendered before the job: only its poll of /api/jobs can show it
    row = page.locator("#jobs tbody tr", has_text="web_photos")
    row.wait_for(timeout=30_000)
    assert page.locator("#no-jobs").count() == 0
    page.wait_for_function(
        "() => [...document.querySelectorAll('#jobs .state')].some(s => s.textContent === 'DONE')",
        timeout=60_000)
    assert row.locator("progress").get_attribute("max") is not None
    page.screenshot(path=str(SHOTS / "jobs.png"), full_page=True)


def test_the_web_benchmark_runs(web):
    """benchmarks/python/web_bench.py stays runnable: a small table, one round."""
    import json
    import subprocess

    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "python" / "web_bench.py"),
                          "--rows", "200", "--runs", "1"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout)
    assert result["rows"] == 200
    assert result["cold_runs"][0]["loaded"] == 48 and result["warm_runs"][0]["loaded"] == 48
