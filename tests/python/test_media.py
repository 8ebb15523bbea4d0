"""Media in place through the server: register a folder, read image headers and bytes."""

import io
import re
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


def rows(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetch_arrow_table()


@pytest.fixture()
def image_folder(sheaf_server):
    """The sample images copied into a folder under the server's data directory (a media root)."""
    folder = sheaf_server.data_dir / "media-test-images"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("horse.png", "rocket.jpg"):
        shutil.copy(DATA / name, folder / name)
    (folder / "readme.txt").write_text("not an image")
    return folder


def test_register_a_folder_and_read_images(adbc, image_folder):
    prefix = image_folder.as_uri() + "/"
    cur = adbc.cursor()
    cur.execute("CREATE TABLE py_photos (img IMAGE, label VARCHAR)")
    cur.execute(
        "INSERT INTO py_photos (img, label) SELECT uri, 'sample' FROM "
        f"TABLE(list_objects('{prefix}', pattern => '*.*g'))"
    )
    table = rows(
        adbc,
        "SELECT img, width(img) AS w, height(img) AS h, format(img) AS f, media_error(img) AS e"
        " FROM py_photos ORDER BY img",
    )
    assert table.column("img").to_pylist() == [
        (image_folder / "horse.png").as_uri(),
        (image_folder / "rocket.jpg").as_uri(),
    ]
    assert table.column("w").to_pylist() == [400, 640]
    assert table.column("h").to_pylist() == [328, 427]
    assert table.column("f").to_pylist() == ["png", "jpeg"]
    assert table.column("e").to_pylist() == [None, None]
    # the media column keeps its Sheaf type in the Arrow field metadata
    field = table.schema.field("img")
    assert field.metadata and b"IMAGE" in b"".join(field.metadata.values())

    fetched = rows(adbc, "SELECT fetch(img) AS bytes FROM py_photos WHERE img LIKE '%rocket.jpg'")
    data = fetched.column("bytes")[0].as_py()
    assert data == (image_folder / "rocket.jpg").read_bytes()
    pil = pytest.importorskip("PIL.Image")
    with pil.open(io.BytesIO(data)) as image:
        assert image.size == (640, 427)
        assert image.format == "JPEG"


def test_media_outside_the_roots_is_refused(adbc, tmp_path):
    import adbc_driver_manager

    outside = tmp_path / "outside.png"
    shutil.copy(DATA / "horse.png", outside)
    # a cell that cannot be read is NULL, its error readable with try_error
    table = rows(adbc, f"SELECT width('{outside.as_uri()}') AS w,"
                       f" try_error(width('{outside.as_uri()}')) AS e")
    assert table.column("w").to_pylist() == [None]
    assert table.column("e")[0].as_py().startswith("MEDIA_ACCESS_DENIED: ")
    assert "outside the media roots" in table.column("e")[0].as_py()
    # unless the statement asks to abort
    cur = adbc.cursor()
    cur.adbc_statement.set_options(
        **{"adbc.flight.sql.rpc.call_header.sheaf-media-on-error": "abort"})
    with pytest.raises(adbc_driver_manager.Error) as error:
        cur.execute(f"SELECT width('{outside.as_uri()}')")
        cur.fetch_arrow_table()
    assert "outside the media roots" in str(error.value)


def test_listing_counts_and_sizes(adbc, image_folder):
    table = rows(
        adbc,
        f"SELECT uri, size FROM TABLE(list_objects('{image_folder.as_uri()}/')) ORDER BY uri",
    )
    sizes = dict(zip(table.column("uri").to_pylist(), table.column("size").to_pylist()))
    assert sizes[(image_folder / "horse.png").as_uri()] == (DATA / "horse.png").stat().st_size
    assert len(sizes) == 3


def test_ingest_binary_images_into_an_image_column(adbc):
    import pyarrow as pa

    cur = adbc.cursor()
    cur.execute("CREATE TABLE py_ingested (img IMAGE, label VARCHAR)")
    images = [(DATA / "horse.png").read_bytes(), (DATA / "rocket.jpg").read_bytes()]
    data = pa.table({"img": pa.array(images, pa.binary()), "label": ["horse", "rocket"]})
    assert cur.adbc_ingest("py_ingested", data, mode="append") == 2
    table = rows(
        adbc,
        "SELECT label, img, width(img) AS w, fetch(img) AS bytes FROM py_ingested ORDER BY label",
    )
    assert table.column("w").to_pylist() == [400, 640]
    assert table.column("bytes").to_pylist() == images
    uris = table.column("img").to_pylist()
    # written under the table's id, not its name: a new table given the name has its own folder
    assert all(uri.startswith("file:///") and re.search(r"/media/tables/[0-9a-f-]{36}/img/", uri)
               for uri in uris)
    assert uris[0].endswith(".png") and uris[1].endswith(".jpeg")


def test_media_facts_answer_for_cells_that_fail(adbc, sheaf_server):
    folder = sheaf_server.data_dir / "media-facts"
    folder.mkdir(parents=True, exist_ok=True)
    good, changed, cut = folder / "good.png", folder / "changed.png", folder / "cut.png"
    shutil.copy(DATA / "horse.png", good)
    shutil.copy(DATA / "horse.png", changed)
    cut.write_bytes((DATA / "horse.png").read_bytes()[:12])  # the PNG magic and no header
    missing = (folder / "missing.png").as_uri()
    cur = adbc.cursor()
    cur.execute("CREATE TABLE py_facts (id INTEGER, img IMAGE)")
    cur.execute(f"INSERT INTO py_facts VALUES (1, '{good.as_uri()}'), (2, '{changed.as_uri()}'),"
                f" (3, '{cut.as_uri()}'), (4, '{missing}')")
    shutil.copy(DATA / "rocket.jpg", changed)  # overwritten after it was pinned
    table = rows(adbc, "SELECT id, media_uri(img) AS u, media_size(img) AS s, media_error(img) AS e,"
                       " fetch(img) AS b FROM py_facts")
    by_id = {r["id"]: r for r in table.to_pylist()}
    size = (DATA / "horse.png").stat().st_size
    assert by_id[1]["u"] == good.as_uri() and by_id[1]["s"] == size and by_id[1]["e"] is None
    # the pinned facts of an object changed since answer without its bytes; reading it fails
    assert by_id[2]["u"] == changed.as_uri() and by_id[2]["s"] == size
    assert by_id[2]["e"].startswith("MEDIA_CHANGED") and by_id[2]["b"] is None
    # a file that only starts like a PNG is refused at insert, by its header
    assert by_id[3]["u"] == cut.as_uri() and by_id[3]["e"].startswith("MEDIA_FORMAT_ERROR")
    assert by_id[4]["u"] == missing and by_id[4]["s"] is None
    assert by_id[4]["e"].startswith("MEDIA_NOT_FOUND")
    # bytes fetched from an IMAGE column say so: clients decode them as images
    assert table.schema.field("b").metadata[b"sheaf.type"] == b"IMAGE"
    thumbs = rows(adbc, "SELECT thumbnail(img, 32) AS t, fetch(img) || X'00' AS x FROM py_facts WHERE id = 1")
    assert thumbs.schema.field("t").metadata[b"sheaf.type"] == b"IMAGE"


def test_hf_dataset_of_fetched_images_has_image_features(sheaf_server, image_folder):
    datasets = pytest.importorskip("datasets")
    import sheaf

    prefix = image_folder.as_uri() + "/"
    with sheaf.connect(sheaf_server.uri) as client:
        client.execute("CREATE TABLE py_hf_images (img IMAGE, label VARCHAR)")
        client.execute("INSERT INTO py_hf_images (img, label) SELECT uri, 'x' FROM "
                       f"TABLE(list_objects('{prefix}', pattern => '*.*g'))")
        ds = client.hf_dataset("SELECT fetch(img) AS image, label FROM py_hf_images")
    assert isinstance(ds.features["image"], datasets.Image)
    assert sorted(ds[i]["image"].size for i in range(len(ds))) == [(400, 328), (640, 427)]
