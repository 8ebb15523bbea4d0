"""Query results in Jupyter: a small notebook run by nbclient on an ipykernel against a real
server; its outputs must be HTML tables with inline thumbnails, a grid, and job progress."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pytest
import sheaf
from conftest import ROOT, missing

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

SHARED = Path("/work/shared/media/images")
DATA = Path(__file__).resolve().parent / "data"
XSS = "<script>alert('caption')</script>"


@pytest.fixture(scope="module")
def photos(sheaf_server):
    images = sorted(SHARED.glob("*.png"))[:5] if SHARED.is_dir() else sorted(DATA.glob("*.png"))
    if len(images) < 2:
        missing("the sample images are not available")
    folder = sheaf_server.data_dir / "nb-images"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, image in enumerate(images):
        shutil.copy(image, folder / image.name)
        rows.append((i, "cat" if i % 2 == 0 else "dog", (folder / image.name).as_uri()))
    rows.append((len(rows), XSS, (folder / "missing.png").as_uri()))
    with sheaf.connect(sheaf_server.uri) as client:
        client.execute("CREATE TABLE nb_photos (id INTEGER, label VARCHAR, img IMAGE)")
        client.execute("INSERT INTO nb_photos VALUES " + ", ".join("(?, ?, ?)" for _ in rows),
                       [v for row in rows for v in row])
    return rows


def run_notebook(uri: str) -> list:
    cells = [
        f"import sheaf\nclient = sheaf.connect({uri!r})",
        "client.sql('SELECT id, label, img FROM nb_photos ORDER BY id')",
        "client.show('nb_photos', where=\"label = 'cat'\", n=24)",
        "client.results('SELECT id, thumbnail(img, 48) AS t FROM nb_photos ORDER BY id')",
        ("client.execute('ALTER TABLE nb_photos ADD COLUMN w AS (width(img)) STORED')\n"
         "jobs = client.wait_for_jobs(timeout=120)\n"
         "[job['state'] for job in jobs]"),
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    env_path = os.pathsep.join(filter(None, [str(ROOT / "clients" / "python"),
                                             os.environ.get("PYTHONPATH")]))
    os.environ["PYTHONPATH"] = env_path
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    return notebook.cells


def html_of(cell) -> str:
    for output in cell.outputs:
        if output.get("output_type") == "execute_result" and "text/html" in output["data"]:
            return output["data"]["text/html"]
    raise AssertionError(f"no HTML output: {cell.outputs}")


def test_a_notebook_shows_results_with_thumbnails(sheaf_server, photos):
    cells = run_notebook(sheaf_server.uri)
    table = html_of(cells[1])
    images = len(photos) - 1
    assert table.count('<img src="data:image/png;base64,') == images
    assert "⚠ MEDIA_NOT_FOUND" in table
    assert "<script>" not in table and "&lt;script&gt;" in table
    grid = html_of(cells[2])
    cats = sum(1 for row in photos if row[1] == "cat")
    assert grid.count("<figure") == cats
    assert grid.count("data:image/png;base64,") == cats
    thumbs = html_of(cells[3])
    assert thumbs.count("data:image/png;base64,") == images
    progress = "".join(o.get("text", "") for o in cells[4].outputs if o.get("name") == "stderr")
    assert "nb_photos.w" in progress
    result = cells[4].outputs[-1]["data"]["text/plain"]
    assert result == "['DONE']"


def test_progress_is_plain_text_without_tqdm(monkeypatch):
    from sheaf._progress import Progress

    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails as when not installed
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    with Progress("ingest photos", 10) as bar:
        bar.update(4)
    assert "ingest photos: 4/10 rows" in err.getvalue()


def test_results_render_without_a_notebook(sheaf_server, photos):
    from sheaf.notebook import render_table

    with sheaf.connect(sheaf_server.uri) as client:
        html = client.results("SELECT id, label, img FROM nb_photos ORDER BY id")._repr_html_()
        assert html.count("data:image/png;base64,") == len(photos) - 1
        plain = render_table(pa.table({"caption": [XSS]}))
        assert "&lt;script&gt;" in plain and "<script>" not in plain
        assert client.insert("nb_photos", {"id": [99], "label": ["x"], "img": [None]},
                             progress=True) == 1
