"""Users: once a server has them, every client logs in (basic credentials, then a bearer token)."""

import base64
import hashlib
import os
import subprocess
import warnings

import pytest

from conftest import ROOT, SheafProcess, free_port


def password_hash(password: str) -> str:
    """The stored form Sheaf reads: pbkdf2-sha256$<iterations>$<salt>$<hash>, base64 unpadded."""
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 210_000, 32)
    b64 = lambda b: base64.b64encode(b).decode().rstrip("=")  # noqa: E731
    return f"pbkdf2-sha256$210000${b64(salt)}${b64(digest)}"


@pytest.fixture(scope="module")
def secured_server(tmp_path_factory):
    users = f"alice:{password_hash('wonderland')},bob:{password_hash('builder')}"
    server = SheafProcess(tmp_path_factory.mktemp("secured") / "data", ["--users", users])
    yield server
    server.stop()


def connect(server, **kwargs):
    import adbc_driver_flightsql.dbapi as flightsql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return flightsql.connect(server.uri, db_kwargs=kwargs)


def test_users_log_in_and_others_are_refused(secured_server):
    import adbc_driver_manager

    with connect(secured_server, username="alice", password="wonderland") as conn:
        cur = conn.cursor()
        cur.execute("CREATE TABLE auth_t (id INTEGER)")
        cur.execute("INSERT INTO auth_t VALUES (1)")
        cur.execute("SELECT count(*) AS n FROM auth_t")
        assert cur.fetch_arrow_table().column("n").to_pylist() == [1]
        cur.close()

    for kwargs in ({}, {"username": "alice", "password": "builder"},
                   {"username": "mallory", "password": "wonderland"}):
        with pytest.raises(adbc_driver_manager.Error) as failure:
            with connect(secured_server, **kwargs) as conn:
                conn.cursor().execute("SELECT count(*) FROM auth_t")
        assert "UNAUTHENTICATED" in str(failure.value) or "Unauthenticated" in str(failure.value)


def test_a_name_with_five_failed_logins_is_locked_out(secured_server):
    import adbc_driver_manager

    for attempt in range(6):
        with pytest.raises(adbc_driver_manager.Error) as failure:
            with connect(secured_server, username="eve", password=f"guess {attempt}") as conn:
                conn.cursor().execute("SELECT 1")
    assert "too many failed logins" in str(failure.value)


def test_logins_and_ddl_are_logged_with_the_user(secured_server):
    with connect(secured_server, username="alice", password="wonderland") as conn:
        conn.cursor().execute("CREATE TABLE auth_logged (id INTEGER)")
        conn.cursor().execute("DROP TABLE auth_logged")
    log = secured_server.log_path.read_text()
    assert "User alice logged in" in log
    assert "DDL by alice: CREATE TABLE auth_logged (id INTEGER)" in log
    assert "DDL by alice: DROP TABLE auth_logged" in log
    assert "wonderland" not in log


def sheaf(*args: str, password: str | None = None, timeout: float = 180):
    env = {**os.environ, **({"SHEAF_PASSWORD": password} if password else {})}
    return subprocess.run([str(ROOT / "sheaf"), *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)


def test_sheaf_logout_ends_every_session_of_the_user(secured_server):
    import adbc_driver_manager

    with connect(secured_server, username="bob", password="builder") as conn, \
            connect(secured_server, username="alice", password="wonderland") as other:
        cur = conn.cursor()
        cur.execute("SELECT 1 AS n")
        assert cur.fetch_arrow_table().column("n").to_pylist() == [1]
        done = sheaf("logout", "--port", str(secured_server.port), "--username", "bob",
                     password="builder")
        assert done.returncode == 0, done.stderr
        assert "logged out bob" in done.stdout
        with pytest.raises(adbc_driver_manager.Error) as failure:
            cur.execute("SELECT 1 AS n")
            cur.fetch_arrow_table()
        assert "expired or was revoked" in str(failure.value)
        # another user's session goes on
        alice = other.cursor()
        alice.execute("SELECT 2 AS n")
        assert alice.fetch_arrow_table().column("n").to_pylist() == [2]
        alice.close()
        try:
            cur.close()  # closing its prepared statement needs a token too
        except adbc_driver_manager.Error:
            # the driver would try again from Cursor.__del__, after the connection is gone
            # ("Underflow in closing this AdbcStatement", an unraisable error in a later test)
            cur._closed = True
    # bob logs in again
    with connect(secured_server, username="bob", password="builder") as conn:
        cur = conn.cursor()
        cur.execute("SELECT 3 AS n")
        assert cur.fetch_arrow_table().column("n").to_pylist() == [3]
        cur.close()


@pytest.mark.parametrize("extra", [[], ["--users", "carol:" + password_hash("c")]])
def test_a_non_loopback_address_needs_users_and_tls(tmp_path, extra):
    served = sheaf("serve", "--host", "0.0.0.0", "--port", str(free_port()),
                   "--data-dir", str(tmp_path / "data"), *extra)
    assert served.returncode == 1
    assert "INVALID_CONFIGURATION" in served.stderr
    assert "a non-loopback address needs users" in served.stderr
    assert "and TLS" in served.stderr
