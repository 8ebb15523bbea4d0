"""Reads partitions in a fresh process, for a process that must not use gRPC.

A process forked after its parent made a Flight client (a DataLoader worker forked from a
notebook that has queried) must not touch gRPC: it hangs or aborts. Such a process starts
``python -m sheaf._reader_process`` (a fresh interpreter: no gRPC state inherited), which does the
Flight reads and hands the rows back over a pipe as Arrow IPC. One reader serves its process for
its whole life (persistent DataLoader workers keep theirs across epochs).

The pipe carries frames: one byte of kind, eight of length (little endian), then the payload.
Requests (to the reader): ``Q`` JSON ``{"options", "tickets" (base64), "segments"}``. Answers:
``S`` an IPC schema, then ``B`` IPC record batches, then ``D`` (done) or ``E`` JSON
``{"message", "code"}``. Options and credentials travel over the pipe, never the command line.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from ._plan import Segment
from .client import ConnectionOptions
from .errors import ERROR_CLASSES, SheafError

_HEADER = struct.Struct("<cQ")
PIPE_BYTES = 1 << 20  # a larger pipe: fewer switches between the two processes


def _write(out: IO[bytes], kind: bytes, payload: Any = b"") -> None:
    out.write(_HEADER.pack(kind, len(payload)))
    out.write(payload)


def _read(source: IO[bytes]) -> tuple[bytes, bytes] | None:
    header = source.read(_HEADER.size)
    if not header:
        return None
    if len(header) < _HEADER.size:
        raise EOFError
    kind, size = _HEADER.unpack(header)
    payload = source.read(size) if size else b""
    if len(payload) < size:
        raise EOFError
    return kind, payload


def _grow_pipe(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError):
        pass  # best effort: not Linux, or above the system's limit


def child_env() -> dict[str, str]:
    """The environment for a ``python -m sheaf...`` child: it imports this very package,
    wherever it was found (an editable install, sys.path)."""
    package_parent = str(Path(__file__).resolve().parents[1])
    paths = [package_parent] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def _raise(payload: bytes) -> None:
    answer = json.loads(payload)
    cls = ERROR_CLASSES.get(answer["code"], SheafError)
    if cls is SheafError:
        raise SheafError(answer["message"], code=answer["code"])
    raise cls(answer["message"])


class ReaderProcess:
    """A ``sheaf._reader_process`` child and the pipes to it; one stream at a time."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sheaf._reader_process"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=child_env(), close_fds=True)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.requests: IO[bytes] = self.process.stdin
        self.answers: IO[bytes] = self.process.stdout
        _grow_pipe(self.answers.fileno())
        self.busy = False

    def alive(self) -> bool:
        return self.process.poll() is None and not self.busy

    def _died(self) -> SheafError:
        code = self.process.wait()
        how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
        return SheafError(
            f"INTERNAL_ERROR: Cannot read the partitions: the reader process (pid"
            f" {self.process.pid}) {how} mid-stream (its error output, if any, is above)",
            code="INTERNAL_ERROR")

    def read(self, options: ConnectionOptions, tickets: Sequence[bytes],
             segments: Sequence[Segment]) -> Iterator[pa.RecordBatch]:
        """The rows of ``segments``, as ``segment_batches`` reads them in this process."""
        request = {"options": _options_json(options),
                   "tickets": [base64.b64encode(t).decode() for t in tickets],
                   "segments": [[s.partition, s.start, s.stop] for s in segments]}
        self.busy = True
        finished = False
        try:
            try:
                _write(self.requests, b"Q", json.dumps(request).encode())
                self.requests.flush()
            except BrokenPipeError:
                raise self._died() from None
            schema = None
            while True:
                try:
                    frame = _read(self.answers)
                except EOFError:
                    frame = None
                if frame is None:
                    raise self._died()
                kind, payload = frame
                if kind == b"S":
                    schema = pa.ipc.read_schema(pa.py_buffer(payload))
                elif kind == b"B":
                    yield pa.ipc.read_record_batch(pa.py_buffer(payload), schema)
                elif kind == b"D":
                    finished = True
                    return
                else:
                    finished = True
                    _raise(payload)
        finally:
            if finished:
                self.busy = False
            else:
                self.close()  # abandoned mid-stream: the rest of it is unread in the pipe

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.requests.close()
        self.answers.close()


_reader: ReaderProcess | None = None
_inherited_readers: list[ReaderProcess] = []  # a forked child's copy of its parent's reader


def _after_fork_in_child() -> None:
    # the reader and its pipes are the parent's: the child starts its own (and never kills,
    # closes or collects the parent's)
    global _reader
    if _reader is not None:
        _inherited_readers.append(_reader)
        _reader = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def read_in_reader_process(options: ConnectionOptions, tickets: Sequence[bytes],
                           segments: Sequence[Segment]) -> Iterator[pa.RecordBatch]:
    """``segment_batches`` through this process's reader process (started on first use)."""
    global _reader
    if _reader is None or not _reader.alive():
        _reader = ReaderProcess()
    return _reader.read(options, tickets, segments)


def _options_json(options: ConnectionOptions) -> dict[str, Any]:
    certs = options.tls_root_certs
    return {"uri": options.uri, "username": options.username, "password": options.password,
            "tls_root_certs": certs.decode() if certs is not None else None}


def _options_from_json(value: dict[str, Any]) -> ConnectionOptions:
    certs = value["tls_root_certs"]
    return ConnectionOptions(value["uri"], value["username"], value["password"],
                             certs.encode() if certs is not None else None)


def _exit_when_orphaned() -> None:
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)  # the process that asked is gone (killed): stop reading for it


def _main() -> None:
    from ._reader import segment_batches

    threading.Thread(target=_exit_when_orphaned, name="sheaf-orphan-check", daemon=True).start()
    requests, out = sys.stdin.buffer, sys.stdout.buffer
    clients: dict[ConnectionOptions, Any] = {}
    while True:
        frame = _read(requests)
        if frame is None:
            break
        request = json.loads(frame[1])
        options = _options_from_json(request["options"])
        tickets = [base64.b64decode(t) for t in request["tickets"]]
        segments = [Segment(*s) for s in request["segments"]]
        try:
            if options not in clients:
                clients[options] = options.connect()
            schema_sent = False
            for batch in segment_batches(clients[options], tickets, segments):
                if not schema_sent:
                    _write(out, b"S", batch.schema.serialize())
                    schema_sent = True
                _write(out, b"B", batch.serialize())
                out.flush()  # the worker decodes this batch while the next one is read
            _write(out, b"D")
        except SheafError as error:
            _write(out, b"E", json.dumps({"message": str(error), "code": error.code}).encode())
        except Exception as error:  # noqa: BLE001 - every failure goes back to the reader
            message = f"INTERNAL_ERROR: Cannot read the partitions: {type(error).__name__}: {error}"
            _write(out, b"E", json.dumps({"message": message, "code": "INTERNAL_ERROR"}).encode())
        out.flush()
    for client in clients.values():
        client.close()


if __name__ == "__main__":
    try:
        _main()
    except (BrokenPipeError, KeyboardInterrupt):
        os._exit(1)
