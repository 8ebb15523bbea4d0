"""Image functions through the server, compared with Pillow.

Sheaf's resize is Pillow's bilinear resampling (the same separable triangle filter, widened when
shrinking, with the same fixed-point weights) and its JPEG samples are libjpeg's without color
management, as Pillow's are. So on these images resize and to_tensor match Pillow exactly; the
tolerance (mean absolute difference under 1 level of 255, no sample off by more than 8) leaves room
for a JPEG decoder rounding differently (ImageIO bundles libjpeg 6b, Pillow libjpeg-turbo: their
integer IDCTs agree on ordinary baseline files but are not guaranteed to) without hiding a real
error: a wrong filter, a half-pixel shift or a color conversion moves the mean by several levels
(ImageIO's own color-managed read of rocket.jpg differs from Pillow by 5.6 on average).
"""

import io
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
import sheaf
from conftest import missing

Image = pytest.importorskip("PIL.Image")

SHARED = Path("/work/shared/media/images")
DATA = Path(__file__).resolve().parent / "data"
NAMES = ["chelsea.png", "rocket.jpg", "coffee.png", "camera.png", "horse.png"]
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


@pytest.fixture(scope="module")
def client(sheaf_server):
    with sheaf.connect(sheaf_server.uri) as conn:
        yield conn


@pytest.fixture(scope="module")
def images(sheaf_server, client):
    """A table of the sample images plus a file that is not one and a missing file."""
    folder = sheaf_server.data_dir / "imgfn-images"
    folder.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        source = SHARED / name if (SHARED / name).exists() else DATA / name
        if not source.exists():
            missing(f"sample image {name} not available")
        shutil.copy(source, folder / name)
    (folder / "notes.txt").write_text("not an image")
    files = [*NAMES, "notes.txt", "missing.png"]
    values = ", ".join(f"({i}, '{(folder / n).as_uri()}')" for i, n in enumerate(files))
    client.execute("CREATE TABLE imgfn_photos (id INTEGER, img IMAGE)")
    client.execute(f"INSERT INTO imgfn_photos VALUES {values}")
    return folder


def pil_rgb(folder, name):
    with Image.open(folder / name) as image:
        return image.convert("RGB")


def close_to_pillow(ours, theirs):
    diff = np.abs(ours.astype(np.int16) - theirs.astype(np.int16))
    assert ours.shape == theirs.shape
    assert diff.mean() < 1.0, diff.mean()
    assert diff.max() <= 8, diff.max()


def test_to_tensor_uint8_is_a_fixed_shape_tensor_equal_to_pillow(client, images):
    table = client.sql(
        "SELECT id, to_tensor(img, 224, 160) AS t FROM imgfn_photos ORDER BY id"
    )
    column = table.column("t").combine_chunks()
    assert isinstance(column.type, pa.FixedShapeTensorType)
    assert column.type.shape == [224, 160, 3]
    assert column.type.value_type == pa.uint8()
    assert column.null_count == 2  # notes.txt and missing.png
    tensors = column.slice(0, 5).to_numpy_ndarray()
    assert tensors.shape == (5, 224, 160, 3)
    for i, name in enumerate(NAMES):
        expected = np.asarray(pil_rgb(images, name).resize((160, 224), Image.BILINEAR))
        close_to_pillow(tensors[i], expected)


def test_to_tensor_float_chw_is_imagenet_normalized(client, images):
    table = client.sql(
        "SELECT to_tensor(img, 64, 96, 'float_chw') AS t FROM imgfn_photos WHERE id < 5 ORDER BY id"
    )
    column = table.column("t").combine_chunks()
    assert column.type.shape == [3, 64, 96]
    assert column.type.value_type == pa.float32()
    tensors = column.to_numpy_ndarray()
    for i, name in enumerate(NAMES):
        rgb = np.asarray(pil_rgb(images, name).resize((96, 64), Image.BILINEAR))
        expected = ((rgb.astype(np.float32) / 255.0 - MEAN) / STD).transpose(2, 0, 1)
        assert np.abs(tensors[i] - expected).mean() < 1.0 / 255 / 0.224


def test_resize_crop_rotate_convert_match_pillow(client, images):
    table = client.sql(
        "SELECT resize(img, 120, 90) AS r, crop(img, 30, 40, 100, 60) AS c,"
        " rotate(img, 90) AS t, convert(img, 'L') AS l, image_mode(img) AS m"
        " FROM imgfn_photos WHERE id < 5 ORDER BY id"
    )
    assert table.column("m").to_pylist() == ["RGB", "RGB", "RGB", "L", "RGBA"]
    assert table.schema.field("r").metadata[b"sheaf.type"] == b"IMAGE"
    for i, name in enumerate(NAMES):
        with Image.open(images / name) as original:
            original.load()
            resized = Image.open(io.BytesIO(table.column("r")[i].as_py()))
            close_to_pillow(
                np.asarray(resized.convert("RGB")),
                np.asarray(original.convert("RGB").resize((120, 90), Image.BILINEAR)),
            )
            # crop, rotate and convert copy samples: equal to Pillow's exactly (lossless PNG out)
            cropped = Image.open(io.BytesIO(table.column("c")[i].as_py()))
            assert cropped.format == "PNG" and cropped.mode == original.mode
            assert np.array_equal(
                np.asarray(cropped), np.asarray(original.crop((30, 40, 130, 100)))
            )
            turned = Image.open(io.BytesIO(table.column("t")[i].as_py()))
            assert np.array_equal(
                np.asarray(turned), np.asarray(original.rotate(90, expand=True))
            )
            gray = Image.open(io.BytesIO(table.column("l")[i].as_py()))
            assert gray.mode == "L"
            assert np.array_equal(np.asarray(gray), np.asarray(original.convert("L")))


def test_functions_take_image_bytes_too(client, images):
    table = client.sql(
        "SELECT encode(img, 'jpeg', 85) AS j, to_tensor(fetch(img), 32, 32) AS a,"
        " to_tensor(img, 32, 32) AS b, image_mode(encode(img, 'png')) AS m"
        " FROM imgfn_photos WHERE id = 0"
    )
    jpeg = Image.open(io.BytesIO(table.column("j")[0].as_py()))
    assert jpeg.format == "JPEG" and jpeg.size == (451, 300)
    a = table.column("a").combine_chunks().to_numpy_ndarray()
    b = table.column("b").combine_chunks().to_numpy_ndarray()
    assert np.array_equal(a, b)
    assert table.column("m").to_pylist() == ["RGB"]


def test_bad_cells_are_null_with_an_error_and_bad_arguments_fail(client, images):
    table = client.sql(
        "SELECT resize(img, 8, 8) AS r, try_error(resize(img, 8, 8)) AS e"
        " FROM imgfn_photos WHERE id >= 5 ORDER BY id"
    )
    assert table.column("r").to_pylist() == [None, None]
    errors = table.column("e").to_pylist()
    assert errors[0].startswith("MEDIA_FORMAT_ERROR: ")
    assert errors[1].startswith("MEDIA_NOT_FOUND: ")
    for sql in (
        "SELECT resize(img, 0, 8) FROM imgfn_photos",
        "SELECT to_tensor(img, 100000, 100000) FROM imgfn_photos",
        "SELECT rotate(img, 30) FROM imgfn_photos",
        "SELECT convert(img, 'CMYK') FROM imgfn_photos",
        "SELECT encode(img, 'jpeg', 101) FROM imgfn_photos",
    ):
        with pytest.raises(sheaf.errors.SheafError) as error:
            client.sql(sql)
        assert error.value.code == "INVALID_ARGUMENT", sql


def test_adbc_reads_the_tensor_column(adbc, images):
    cur = adbc.cursor()
    cur.execute("SELECT to_tensor(img, 16, 16) AS t FROM imgfn_photos WHERE id = 1")
    column = cur.fetch_arrow_table().column("t").combine_chunks()
    assert isinstance(column.type, pa.FixedShapeTensorType)
    expected = np.asarray(
        pil_rgb(images, "rocket.jpg").resize((16, 16), Image.BILINEAR)
    )
    close_to_pillow(column.to_numpy_ndarray()[0], expected)
