"""Fixtures that start a real Sheaf server (./sheaf serve) on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Under run-tests and CI (SHEAF_TEST_STRICT=1, or CI set) a missing test dependency fails the run
# instead of skipping its tests: a green run then means every suite ran.
STRICT = os.environ.get("SHEAF_TEST_STRICT") == "1" or bool(os.environ.get("CI"))


def missing(reason: str) -> None:
    """Skips for a missing test dependency, or fails when the run is strict."""
    if STRICT:
        pytest.fail(f"{reason} (SHEAF_TEST_STRICT: every test dependency must be there;"
                    " ./run-tests installs tests/requirements.txt into .venv)", pytrace=False)
    pytest.skip(reason)


_importorskip = pytest.importorskip


def _strict_importorskip(modname: str, *args, **kwargs):
    try:
        return _importorskip(modname, *args, **kwargs)
    except pytest.skip.Exception as skipped:
        missing(f"test dependency {modname!r} is missing: {skipped}")


if STRICT:
    pytest.importorskip = _strict_importorskip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SheafProcess:
    """A `sheaf serve` child process with its own data directory."""

    def __init__(self, data_dir: Path, extra_args: list[str] | None = None,
                 java_opts: str | None = None):
        self.port = free_port()
        self.data_dir = data_dir
        self.log_path = data_dir.parent / f"sheaf-{self.port}.log"
        args = [str(ROOT / "sheaf"), "serve", "--port", str(self.port), "--data-dir", str(data_dir)]
        args += extra_args or []
        self.log = open(self.log_path, "w")
        env = None
        if java_opts:
            env = dict(os.environ)
            env["SHEAF_JAVA_OPTS"] = (env.get("SHEAF_JAVA_OPTS", "") + " " + java_opts).strip()
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT,
                                        env=env)
        self._wait_ready()

    @property
    def uri(self) -> str:
        return f"grpc://127.0.0.1:{self.port}"

    def _wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sheaf serve exited: {self.log_path.read_text()}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise TimeoutError(f"sheaf serve did not open port {self.port}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="session")
def sheaf_server(tmp_path_factory):
    server = SheafProcess(tmp_path_factory.mktemp("sheaf") / "data")
    yield server
    server.stop()


@pytest.fixture()
def adbc(sheaf_server):
    """An ADBC Flight SQL DB-API connection to the session's server."""
    import adbc_driver_flightsql.dbapi as flightsql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Cannot disable autocommit": Sheaf commits per statement
        conn = flightsql.connect(sheaf_server.uri)
    yield conn
    conn.close()
