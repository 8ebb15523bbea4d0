"""Malformed inputs against a real server: fuzzed SQL from a small grammar, random and tampered
Flight tickets, random Flight SQL commands and actions, and truncated or crafted image files. The
server must answer every one with success or a Sheaf error (a known `CODE: message`), keep serving,
and hold no Arrow buffer once it shuts down.

    python3 tests/faults/malformed_inputs.py [--inputs 500] [--seed 0] [--report FILE.json]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import struct
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.flight as flight

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "clients" / "python"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from crash_rounds import Server  # noqa: E402
from sheaf import errors  # noqa: E402

CODES = set(errors.ERROR_CLASSES)
SHEAF_ERROR = re.compile(r"\b(" + "|".join(sorted(CODES, key=len, reverse=True)) + r"): ")

WORDS = [
    "SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "LIMIT", "OFFSET", "JOIN", "ON", "AS",
    "AND", "OR", "NOT", "NULL", "IS", "IN", "BETWEEN", "LIKE", "CASE", "WHEN", "THEN", "ELSE",
    "END", "CAST", "INTEGER", "BIGINT", "DOUBLE", "VARCHAR", "TIMESTAMP", "VECTOR(3)", "IMAGE",
    "ARRAY[", "]", "(", ")", ",", "*", "+", "-", "/", "%", "=", "<>", "<", ">=", "||", "'a'",
    "'ü🐈'", "0", "1", "-1", "2147483648", "9223372036854775808", "1e308", "0.5", "fz_t",
    "fz_t.id", "id", "label", "v", "emb", "img", "count(*)", "sum(v)", "cosine_distance",
    "similarity", "text_match", "fetch", "thumbnail", "to_tensor", "embed_text", "try_error",
    "INSERT INTO", "VALUES", "UPDATE", "SET", "DELETE", "MERGE", "CREATE TABLE", "DROP TABLE",
    "ALTER TABLE", "EXPIRE VERSIONS", "CREATE INDEX", "USING HNSW", "@v1", "$history", ";",
    "/*+ ef_search(0) */", "--", "\"", "'", "\\", "\x00", "\u202e",
]

VALID = [
    "SELECT id, label, v FROM fz_t WHERE v > 1 ORDER BY id LIMIT 5",
    "SELECT label, count(*), sum(v) FROM fz_t GROUP BY label",
    "SELECT id FROM fz_t ORDER BY cosine_distance(emb, ARRAY[1.0, 0.0, 0.0]) LIMIT 3",
    "INSERT INTO fz_t (id, label, v, emb) VALUES (100, 'x', 1.5, ARRAY[0.1, 0.2, 0.3])",
    "UPDATE fz_t SET v = v + 1 WHERE id = 3",
    "SELECT id, thumbnail(img, 32) FROM fz_media",
    "SELECT id, try_error(to_tensor(img, 16, 16)) FROM fz_media",
    "SELECT * FROM fz_t FOR VERSION AS OF 1",
    "SELECT CAST(label AS INTEGER) FROM fz_t",
]


@dataclass
class Tally:
    inputs: int = 0
    succeeded: int = 0
    sheaf_errors: int = 0
    by_kind: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    probes: int = 0
    memory_held_at_shutdown: int | None = None


def sql_inputs(rng: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            out.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 25))))
        elif kind in (1, 2):
            tokens = rng.choice(VALID).split(" ")
            for _ in range(rng.randint(1, 3)):
                op = rng.randrange(3)
                at = rng.randrange(len(tokens))
                if op == 0 and len(tokens) > 1:
                    del tokens[at]
                elif op == 1:
                    tokens.insert(at, rng.choice(WORDS))
                else:
                    tokens[at] = rng.choice(WORDS)
            out.append(" ".join(tokens))
        elif kind == 3:
            depth = rng.choice([50, 500, 2000, 10000])
            shape = rng.randrange(4)
            if shape == 0:
                out.append("SELECT " + "(" * depth + "1" + ")" * depth)
            elif shape == 1:
                out.append("SELECT " + "+".join(["1"] * depth))
            elif shape == 2:
                out.append(
                    "SELECT id FROM fz_t WHERE id IN (" + ",".join(map(str, range(depth))) + ")"
                )
            else:
                out.append("SELECT " + "CASE WHEN v > 0 THEN " * depth + "1" + " END" * depth
                           + " FROM fz_t")
        else:
            blob = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
            out.append(blob.decode("utf-8", errors="replace"))
    # the ADBC driver passes SQL as a C string (a NUL ends it) and refuses an empty statement
    # itself, before the server sees it
    out = [statement.replace("\x00", " ") for statement in out]
    return [statement if statement.strip() else ";" for statement in out]


def image_files(rng: random.Random, folder: Path) -> list[Path]:
    """Truncated, corrupted and crafted images (a PNG claiming 100000 x 100000 pixels)."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for image_format in ("JPEG", "PNG"):
        picture = Image.new("RGB", (96, 64))
        picture.putdata([(x * 2, y * 4, (x + y) % 256) for y in range(64) for x in range(96)])
        out = io.BytesIO()
        picture.save(out, image_format)
        sources.append(out.getvalue())
    files = []
    for i in range(50):
        kind = i % 5
        base = sources[i % 2]
        if kind == 0:
            data = base[: rng.randint(0, max(1, len(base) // 2))]
        elif kind == 1:
            data = bytearray(base)
            for _ in range(50):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        elif kind == 2:
            data = png_header(100_000, 100_000)
        elif kind == 3:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 4096)))
        else:
            data = png_header(rng.randint(1, 64), rng.randint(1, 64)) + b"\x00" * rng.randint(0, 9)
        path = folder / f"f{i}.{'png' if kind in (2, 4) else 'jpg'}"
        path.write_bytes(data)
        files.append(path)
    return files


def png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))


def classify(tally: Tally, kind: str, label: str, error: Exception | None) -> None:
    tally.inputs += 1
    counts = tally.by_kind.setdefault(kind, {"inputs": 0, "ok": 0, "sheaf_error": 0})
    counts["inputs"] += 1
    if error is None:
        tally.succeeded += 1
        counts["ok"] += 1
        return
    message = str(error)
    found = SHEAF_ERROR.search(message)
    if found and found.group(1) == "INTERNAL_ERROR":
        # a Sheaf error, but one that says the server did not expect the input: a bug to fix
        tally.internal_errors.append(f"{kind} {label[:120]!r}: {message[:300]}")
    if found:
        tally.sheaf_errors += 1
        counts["sheaf_error"] += 1
        return
    tally.failures.append(f"{kind} {label[:120]!r}: {type(error).__name__}: {message[:300]}")


def run(inputs: int, seed: int, work_dir: Path) -> Tally:
    import adbc_driver_flightsql.dbapi as flightsql

    rng = random.Random(seed)
    data_dir = work_dir / "data"
    images = image_files(rng, data_dir / "media" / "fuzz")
    server = Server(data_dir, [], work_dir / "server.log")
    tally = Tally()
    try:
        conn = flightsql.connect(server.uri)
        client = flight.FlightClient(server.uri)

        def sql(statement: str) -> None:
            cur = conn.cursor()
            try:
                cur.execute(statement)
                if cur.description:
                    cur.fetch_arrow_table()
            finally:
                cur.close()

        def probe() -> None:
            tally.probes += 1
            cur = conn.cursor()
            cur.execute("SELECT 1")
            assert cur.fetchall() == [(1,)]
            cur.close()

        sql("CREATE TABLE fz_t (id BIGINT, label VARCHAR, v DOUBLE, emb VECTOR(3))")
        sql(
            "INSERT INTO fz_t VALUES (1, 'cat', 1.0, ARRAY[1.0, 0.0, 0.0]),"
            " (2, 'dog', 2.0, ARRAY[0.0, 1.0, 0.0]), (3, '3', 3.0, NULL)"
        )
        sql("CREATE TABLE fz_media (id BIGINT, img IMAGE)")
        # a crafted file may be refused at insert (validation reads its header): that is an answer
        for i, path in enumerate(images):
            try:
                sql(f"INSERT INTO fz_media VALUES ({i}, '{path.as_uri()}')")
                classify(tally, "image insert", path.name, None)
            except Exception as e:
                classify(tally, "image insert", path.name, e)
        for function in ("thumbnail(img, 32)", "to_tensor(img, 16, 16)", "fetch(img)"):
            try:
                sql(f"SELECT id, {function} FROM fz_media")
                classify(tally, "image read", function, None)
            except Exception as e:
                classify(tally, "image read", function, e)
        probe()

        budget = max(0, inputs - tally.inputs)
        n_sql = budget // 2
        n_tickets = budget // 4
        n_commands = budget - n_sql - n_tickets
        for i, statement in enumerate(sql_inputs(rng, n_sql)):
            try:
                sql(statement)
                classify(tally, "sql", statement, None)
            except Exception as e:
                classify(tally, "sql", statement, e)
            if i % 10 == 9:
                probe()
        real = client.get_flight_info(
            flight.FlightDescriptor.for_command(command_statement("SELECT id FROM fz_t"))
        ).endpoints[0].ticket.ticket
        for i in range(n_tickets):
            if i % 2 == 0:
                ticket = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
            else:
                tampered = bytearray(real)
                tampered[rng.randrange(len(tampered))] ^= 1 << rng.randrange(8)
                ticket = bytes(tampered)
            try:
                client.do_get(flight.Ticket(ticket)).read_all()
                classify(tally, "ticket", ticket.hex(), None)
            except Exception as e:
                classify(tally, "ticket", ticket.hex(), e)
            if i % 10 == 9:
                probe()
        for i in range(n_commands):
            body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
            try:
                if i % 3 == 0:
                    client.get_flight_info(flight.FlightDescriptor.for_command(body))
                elif i % 3 == 1:
                    action = rng.choice(
                        ["CreatePreparedStatement", "ClosePreparedStatement", "CancelQuery",
                         "BeginTransaction", "x" * rng.randint(1, 40)]
                    )
                    list(client.do_action(flight.Action(action, body)))
                else:
                    writer, reader = client.do_put(
                        flight.FlightDescriptor.for_command(body), pa.schema([("a", pa.int64())])
                    )
                    writer.write_table(pa.table({"a": [1, 2, 3]}))
                    writer.close()
                classify(tally, "command", body.hex(), None)
            except Exception as e:
                classify(tally, "command", body.hex(), e)
            if i % 10 == 9:
                probe()
        probe()
        conn.close()
        client.close()
    finally:
        server.stop()
    held = re.findall(r"Arrow memory held at shutdown: (\d+) bytes",
                      (work_dir / "server.log").read_text())
    tally.memory_held_at_shutdown = int(held[-1]) if held else None
    return tally


def command_statement(query: str) -> bytes:
    """A Flight SQL CommandStatementQuery in a google.protobuf.Any, encoded by hand."""

    def field_bytes(number: int, value: bytes) -> bytes:
        return varint(number << 3 | 2) + varint(len(value)) + value

    inner = field_bytes(1, query.encode())
    type_url = b"type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery"
    return field_bytes(1, type_url) + field_bytes(2, inner)


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work-dir", type=Path)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="sheaf-malformed-"))
    start = time.monotonic()
    tally = run(args.inputs, args.seed, work_dir)
    report = {"seconds": round(time.monotonic() - start, 1), **tally.__dict__}
    print(json.dumps(report, indent=1))
    if args.report:
        args.report.write_text(json.dumps(report, indent=1))
    sys.exit(1 if tally.failures or tally.memory_held_at_shutdown != 0 else 0)


if __name__ == "__main__":
    main()
