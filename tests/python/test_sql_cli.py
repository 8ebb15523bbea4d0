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


def plain_sql(port, *args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_CTYPE")}
    env.update(env_extra or {"LANG": "C"})  # the POSIX locale: the launcher still reads UTF-8
    return subprocess.run(
        [str(ROOT / "sheaf"), "sql", "--port", str(port), *args],
        capture_output=True, env=env, timeout=120,
    )


def test_text_in_any_script_and_values_print_as_psql_does(sheaf_server, tmp_path):
    script = tmp_path / "setup.sql"
    script.write_text(
        "CREATE TABLE cli_u (id INTEGER, \"名前\" VARCHAR, raw VARBINARY, seen TIMESTAMP WITH LOCAL TIME ZONE);\n"
        "INSERT INTO cli_u VALUES (1, '猫が寝ている', X'00ff', TIMESTAMP '2024-06-01 12:00:00'),\n"
        "  (2, 'a', NULL, NULL), (3, '', X'', NULL);\n",
        encoding="utf-8",
    )
    done = plain_sql(sheaf_server.port, "-f", str(script))
    assert done.returncode == 0, done.stderr.decode()
    csv = plain_sql(sheaf_server.port, "--format", "csv", "-c", 'SELECT * FROM cli_u ORDER BY id')
    assert csv.returncode == 0, csv.stderr.decode()
    assert csv.stdout.decode("utf-8").splitlines() == [
        "id,名前,raw,seen",
        "1,猫が寝ている,\\x00ff,2024-06-01 12:00:00+00",
        "2,a,,",
        '3,"",\\x,',
    ]
    table = plain_sql(sheaf_server.port, "-c", "SELECT \"名前\", id FROM cli_u WHERE id < 3 ORDER BY id")
    lines = table.stdout.decode("utf-8").splitlines()
    # the six wide characters take twelve columns: the bars line up under the header's
    assert lines[0] == "名前         | id"
    assert lines[2] == "猫が寝ている | 1"
    assert lines[3] == "a            | 2"


def test_script_errors_name_their_line(sheaf_server, tmp_path):
    script = tmp_path / "broken.sql"
    script.write_text("SELECT 1;\n\n-- then\nSELECT nope\n  FROM nowhere;\nSELECT 2;\n", encoding="utf-8")
    done = plain_sql(sheaf_server.port, "-f", str(script))
    assert done.returncode == 1
    assert f"error: {script}:4: TABLE_NOT_FOUND" in done.stderr.decode()


def test_help_and_a_server_that_is_not_running(sheaf_server):
    helped = plain_sql(sheaf_server.port, "--help")
    assert helped.returncode == 0
    assert "usage: sheaf sql" in helped.stdout.decode()
    from conftest import free_port

    port = free_port()
    down = plain_sql(port, "-c", "SELECT 1")
    assert down.returncode == 1
    assert f"cannot connect to 127.0.0.1:{port}: is `sheaf serve` running?" in down.stderr.decode()


CLI_TABLE = "n | word\n--+-----\n1 | one\n(1 row)\n"


def bare_java_sql(port, *args):
    """`sheaf sql` started as a user would without the launcher: plain java, no log settings."""
    java_home = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
    classpath = f"{ROOT}/server/target/sheaf-server-0.1.0-SNAPSHOT.jar:{ROOT}/server/target/lib/*"
    return subprocess.run(
        [f"{java_home}/bin/java", "--add-opens=java.base/java.nio=ALL-UNNAMED",
         "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
         "-cp", classpath, "dev.sheaf.server.cli.SheafCli", "sql", "--port", str(port), *args],
        capture_output=True, text=True, timeout=120,
    )


def test_sql_prints_only_the_table_not_library_log_lines(sheaf_server):
    query = "SELECT 1 AS n, 'one' AS word"
    for done in (sheaf_sql(sheaf_server.port, "-c", query),
                 bare_java_sql(sheaf_server.port, "-c", query)):
        assert done.returncode == 0, done.stderr
        assert done.stdout == CLI_TABLE
        assert done.stderr == ""


def test_sql_errors_reach_stderr_alone(sheaf_server):
    done = bare_java_sql(sheaf_server.port, "-c", "SELECT * FROM cli_log_no_such_table")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("error: TABLE_NOT_FOUND: ")
    assert "INFO" not in done.stderr
