"""Video and audio functions through Flight, on media PyAV writes for the test.

PyAV (FFmpeg's libraries in Python) is the reference: the frame Sheaf's extract_frame gives for a
time must be the frame PyAV decodes at that time (pixels within a rounding of each other, and
farther from the neighbouring frames, which testsrc2 makes differ), audio_to_tensor must be the
sine PyAV wrote, and bad media must give per-row NULLs with their error, not a failed query.
"""

import io
import json
import wave
from fractions import Fraction

import numpy as np
import pyarrow as pa
import pytest
import sheaf

av = pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")

FPS = 25
FRAMES = 100  # 4 s


@pytest.fixture(scope="module")
def client(sheaf_server):
    with sheaf.connect(sheaf_server.uri) as conn:
        yield conn


def write_video(path):
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        stream.options = {"g": "25", "bf": "2"}
        graph = av.filter.Graph()
        source = graph.add("testsrc2", f"size=640x360:rate={FPS}")
        sink = graph.add("buffersink")
        source.link_to(sink)
        graph.configure()
        for _ in range(FRAMES):
            frame = sink.pull()
            frame.pts = None
            for packet in stream.encode(frame.reformat(format="yuv420p")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def write_tone(path, codec, rate, seconds=2.0):
    t = np.arange(int(rate * seconds)) / rate
    samples = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        fmt = "s16" if codec == "pcm_s16le" else "fltp"
        size = stream.codec_context.frame_size or 1024
        for start in range(0, len(samples), size):
            chunk = samples[start : start + size]
            data = (chunk * 32767).astype(np.int16) if fmt == "s16" else chunk
            frame = av.AudioFrame.from_ndarray(data.reshape(1, -1), format=fmt, layout="mono")
            frame.sample_rate = rate
            frame.pts = start
            frame.time_base = Fraction(1, rate)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


@pytest.fixture(scope="module")
def media(sheaf_server, client):
    folder = sheaf_server.data_dir / "avfn-media"
    folder.mkdir(parents=True, exist_ok=True)
    write_video(folder / "clip.mp4")
    whole = (folder / "clip.mp4").read_bytes()
    (folder / "cut.mp4").write_bytes(whole[: len(whole) // 2])
    write_tone(folder / "tone.wav", "pcm_s16le", 22050)
    write_tone(folder / "tone.m4a", "aac", 44100)
    (folder / "empty.wav").write_bytes(b"")
    videos = ", ".join(
        f"({i}, '{(folder / n).as_uri()}')" for i, n in enumerate(["clip.mp4", "cut.mp4"])
    )
    sounds = ", ".join(
        f"({i}, '{(folder / n).as_uri()}')"
        for i, n in enumerate(["tone.wav", "tone.m4a", "empty.wav"])
    )
    client.execute("CREATE TABLE avfn_videos (id INTEGER, v VIDEO)")
    client.execute(f"INSERT INTO avfn_videos VALUES {videos}")
    client.execute("CREATE TABLE avfn_sounds (id INTEGER, a AUDIO)")
    client.execute(f"INSERT INTO avfn_sounds VALUES {sounds}")
    return folder


def pyav_frames(path):
    with av.open(str(path)) as container:
        return [
            (float(frame.time), frame.to_ndarray(format="rgb24"))
            for frame in container.decode(video=0)
        ]


def test_video_metadata(client, media):
    table = client.sql(
        "SELECT video_metadata(v) AS m, try_error(video_metadata(v)) AS e "
        "FROM avfn_videos ORDER BY id"
    )
    meta = json.loads(table.column("m")[0].as_py())
    assert meta["width"] == 640 and meta["height"] == 360
    assert meta["codec"] == "h264" and meta["fps"] == 25.0
    assert meta["frame_count"] == FRAMES
    assert abs(meta["duration"] - 4.0) < 1e-6
    assert table.column("m")[1].as_py() is None
    assert table.column("e")[1].as_py().startswith("MEDIA_FORMAT_ERROR: Cannot read video")


@pytest.mark.parametrize("t", [0.0, 1.0, 1.5, 2.37, 3.96])
def test_extract_frame_is_the_frame_pyav_decodes(client, media, t):
    png = client.sql(
        f"SELECT extract_frame(v, {t}) AS f FROM avfn_videos WHERE id = 0"
    ).column("f")[0].as_py()
    ours = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int16)
    frames = pyav_frames(media / "clip.mp4")
    index = max(i for i, (time, _) in enumerate(frames) if time <= t + 1e-9)
    diffs = [np.abs(ours - f.astype(np.int16)).mean() for _, f in frames]
    assert diffs[index] < 2.0, diffs[index]
    assert int(np.argmin(diffs)) == index


def test_audio_functions(client, media):
    table = client.sql(
        "SELECT audio_metadata(a) AS m, audio_to_tensor(a, 16000) AS t, "
        "try_error(audio_to_tensor(a, 16000)) AS e, audio_segment(a, 0.5, 1.5) AS s "
        "FROM avfn_sounds ORDER BY id"
    )
    assert table.column("m")[0].as_py() == (
        '{"duration":2.0,"sample_rate":22050,"channels":1,"codec":"pcm_s16le"}'
    )
    wav = np.frombuffer(table.column("t")[0].as_py(), dtype="<f4")
    assert len(wav) == 32000
    expected = 0.5 * np.sin(2 * np.pi * 440 * np.arange(32000) / 16000)
    assert np.abs(wav[100:-100] - expected[100:-100]).max() < 0.01
    aac = np.frombuffer(table.column("t")[1].as_py(), dtype="<f4")
    assert abs(len(aac) - 32000) < 1200
    assert table.column("t")[2].as_py() is None
    assert table.column("e")[2].as_py().startswith("MEDIA_FORMAT_ERROR: ")
    with wave.open(io.BytesIO(table.column("s")[0].as_py())) as segment:
        assert segment.getframerate() == 22050
        assert segment.getnframes() == 22050
    assert table.column("s")[2].as_py() is None


def test_fixed_length_audio_tensor_is_a_fixed_shape_tensor(client, media):
    column = (
        client.sql("SELECT audio_to_tensor(a, 16000, 48000) AS t FROM avfn_sounds ORDER BY id")
        .column("t")
        .combine_chunks()
    )
    assert isinstance(column.type, pa.FixedShapeTensorType)
    assert column.type.shape == [48000]
    assert column.type.value_type == pa.float32()
    assert column.null_count == 1  # empty.wav
    tensors = column.slice(0, 2).to_numpy_ndarray()
    assert tensors.shape == (2, 48000)
    assert np.abs(tensors[0, 100:31900]).max() > 0.4  # 2 s of the tone
    assert not tensors[0, 32100:].any()  # then zeros
