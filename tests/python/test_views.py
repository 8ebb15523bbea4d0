"""Views through Flight SQL (ADBC): filter, sampled and iterator views, listed as views, kept up to
date with their base table (bulk ingest included) and read at a version of their base."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

DATA = Path(__file__).resolve().parent / "data"


def rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetch_arrow_table()


def run(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)


def listed(conn, types):
    objects = conn.adbc_get_objects(depth="tables", table_types_filter=types).read_all().to_pylist()
    names = set()
    for catalog in objects:
        for schema in catalog["catalog_db_schemas"] or []:
            for table in schema["db_schema_tables"] or []:
                names.add((table["table_name"], table["table_type"]))
    return names


def test_filter_and_sampled_views(adbc, sheaf_server):
    run(adbc, "CREATE TABLE vw_events (id INTEGER, kind VARCHAR)")
    values = ", ".join(f"({i}, '{'click' if i % 3 else 'buy'}')" for i in range(300))
    run(adbc, f"INSERT INTO vw_events VALUES {values}")
    run(adbc, "CREATE TAG vw_first ON vw_events")
    run(adbc, "CREATE VIEW vw_buys AS SELECT id FROM vw_events WHERE kind = 'buy'")
    run(adbc, "CREATE VIEW vw_sample AS SELECT id, kind FROM vw_events"
              " TABLESAMPLE BERNOULLI(20) REPEATABLE(3)")
    assert rows(adbc, "SELECT count(*) AS n FROM vw_buys").column("n").to_pylist() == [100]
    sample = rows(adbc, "SELECT id FROM vw_sample ORDER BY id").column("id").to_pylist()
    assert 30 <= len(sample) <= 90

    more = ", ".join(f"({i}, 'buy')" for i in range(300, 330))
    run(adbc, f"INSERT INTO vw_events VALUES {more}")
    assert rows(adbc, "SELECT count(*) AS n FROM vw_buys").column("n").to_pylist() == [130]
    old = rows(adbc, "SELECT count(*) AS n FROM vw_buys FOR VERSION AS OF 'vw_first'")
    assert old.column("n").to_pylist() == [100]
    again = rows(adbc, "SELECT id FROM vw_sample WHERE id < 300 ORDER BY id")
    assert again.column("id").to_pylist() == sample

    assert ("vw_buys", "VIEW") in listed(adbc, ["VIEW"])
    assert ("vw_events", "TABLE") in listed(adbc, ["TABLE"])
    assert all(name != "vw_buys" for name, _ in listed(adbc, ["TABLE"]))

    # the Python client lists and describes views too
    import sheaf

    with sheaf.connect(sheaf_server.uri) as client:
        kinds = {row["table_name"]: row["table_type"] for row in client.tables().to_pylist()}
        assert kinds["vw_buys"] == "VIEW" and kinds["vw_events"] == "TABLE"
        assert client.describe("vw_sample").names == ["id", "kind"]

    run(adbc, "ALTER TABLE vw_events DROP COLUMN kind")
    with pytest.raises(Exception, match="VIEW_INVALID"):
        rows(adbc, "SELECT * FROM vw_buys")
    run(adbc, "DROP VIEW vw_buys")
    run(adbc, "DROP VIEW vw_sample")


def test_iterator_view_follows_bulk_ingest(adbc, sheaf_server):
    folder = sheaf_server.data_dir / "views-images"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("horse.png", "rocket.jpg"):
        shutil.copy(DATA / name, folder / name)
    (folder / "broken.png").write_bytes((DATA / "horse.png").read_bytes()[:20])

    run(adbc, "CREATE TABLE vw_photos (id INTEGER, img IMAGE)")
    run(adbc, f"INSERT INTO vw_photos VALUES (1, '{(folder / 'horse.png').as_uri()}')")
    run(adbc, "CREATE VIEW vw_tiles AS SELECT * FROM"
              " TABLE(image_tiles(TABLE vw_photos, size => 256, overlap => 56))")
    # horse.png is 400 x 328: tiles start at 0 and 200 across, 0 and 200 down
    tiles = rows(adbc, "SELECT pos, x, y, width, height FROM vw_tiles ORDER BY pos").to_pylist()
    assert tiles == [
        {"pos": 0, "x": 0, "y": 0, "width": 256, "height": 256},
        {"pos": 1, "x": 200, "y": 0, "width": 200, "height": 256},
        {"pos": 2, "x": 0, "y": 200, "width": 256, "height": 128},
        {"pos": 3, "x": 200, "y": 200, "width": 200, "height": 128},
    ]
    # the payload decodes as a PNG of the tile's size
    payload = rows(adbc, "SELECT tile FROM vw_tiles WHERE pos = 3").column("tile")[0].as_py()
    from PIL import Image

    assert Image.open(io.BytesIO(payload)).size == (200, 128)

    # bulk ingest (ADBC) extends the view; a broken image is an error row, the ingest succeeds
    batch = pa.table({
        "id": pa.array([2, 3], pa.int32()),
        "img": [(folder / "rocket.jpg").as_uri(), (folder / "broken.png").as_uri()],
    })
    with adbc.cursor() as cur:
        cur.adbc_ingest("vw_photos", batch, mode="append")
    counts = rows(adbc, "SELECT id, count(*) AS n, count(iterator_error) AS errors FROM vw_tiles"
                        " GROUP BY id ORDER BY id").to_pylist()
    # rocket.jpg is 640 x 427: 3 tiles across (0, 200, 400), 2 down (0, 200)
    assert counts == [
        {"id": 1, "n": 4, "errors": 0},
        {"id": 2, "n": 6, "errors": 0},
        {"id": 3, "n": 1, "errors": 1},
    ]
    assert ("vw_tiles", "VIEW") in listed(adbc, ["VIEW"])
    with pytest.raises(Exception, match="NOT_SUPPORTED"), adbc.cursor() as cur:
        cur.adbc_ingest("vw_tiles", pa.table({"base_rowid": [1]}), mode="append")
    run(adbc, "DELETE FROM vw_photos WHERE id = 2")
    assert rows(adbc, "SELECT count(*) AS n FROM vw_tiles").column("n").to_pylist() == [5]
    run(adbc, "DROP VIEW vw_tiles")
