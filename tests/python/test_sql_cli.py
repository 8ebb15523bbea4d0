"""`sheaf sql` against a server with users and TLS: --username with --password or SHEAF_PASSWORD,
--tls-root-certs for a private certificate authority."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import ROOT, SheafProcess
from test_auth import password_hash


@pytest.fixture(scope="module")
def secure_server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("sql-cli")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    server = SheafProcess(
        directory / "data",
        ["--users", f"alice:{password_hash('wonderland')}", "--tls-cert", str(cert), "--tls-key", str(key)],
    )
    yield server, cert
    server.stop()


def sheaf_sql(port, *args, password_env=None):
    env = {k: v for k, v in os.environ.items() if k != "SHEAF_PASSWORD"}
    if password_env is not None:
        env["SHEAF_PASSWORD"] = password_env
    return subprocess.run(
        [str(ROOT / "sheaf"), "sql", "--port", str(port), *args],
        capture_output=True, text=True, env=env, timeout=120,
    )


def test_login_over_tls_with_password_flag_and_environment(secure_server):
    server, cert = secure_server
    done = sheaf_sql(server.port, "--username", "alice", "--password", "wonderland",
                     "--tls-root-certs", str(cert), "-c",
                     "CREATE TABLE cli_t (id INTEGER); INSERT INTO cli_t VALUES (41), (42)")
    assert done.returncode == 0, done.stderr
    done = sheaf_sql(server.port, "--username", "alice", "--tls-root-certs", str(cert),
                     "--format", "csv", "-c", "SELECT max(id) AS m FROM cli_t", password_env="wonderland")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["m", "42"]


def test_wrong_or_missing_credentials_and_plaintext_fail(secure_server):
    server, cert = secure_server
    wrong = sheaf_sql(server.port, "--username", "alice", "--tls-root-certs", str(cert),
                      "-c", "SELECT 1", password_env="builder")
    assert wrong.returncode == 1
    assert "UNAUTHENTICATED" in wrong.stderr
    assert "builder" not in wrong.stderr
    missing = sheaf_sql(server.port, "--username", "alice", "--tls-root-certs", str(cert), "-c", "SELECT 1")
    assert missing.returncode == 1
    assert "Cannot log in as alice: no password" in missing.stderr
    anonymous = sheaf_sql(server.port, "--tls-root-certs", str(cert), "-c", "SELECT 1")
    assert anonymous.returncode == 1
    plaintext = sheaf_sql(server.port, "--username", "alice", "-c", "SELECT 1", password_env="wonderland")
    assert plaintext.returncode == 1
    untrusted = sheaf_sql(server.port, "--username", "alice", "--tls", "-c", "SELECT 1", password_env="wonderland")
    assert untrusted.returncode == 1  # the system's authorities do not know this certificate


def test_unknown_options_are_refused(secure_server):
    server, _ = secure_server
    done = sheaf_sql(server.port, "--user", "alice", "-c", "SELECT 1")
    assert done.returncode == 2
    assert "no option --user" in done.stderr
