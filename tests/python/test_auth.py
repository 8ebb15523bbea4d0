"""Users: once a server has them, every client logs in (basic credentials, then a bearer token)."""

import base64
import hashlib
import os
import warnings

import pytest

from conftest import SheafProcess


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
