"""TLS: with a certificate and key configured, the server speaks only TLS."""

import subprocess
import warnings

import pytest

from conftest import SheafProcess, free_port


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    web_port = free_port()
    server = SheafProcess(directory / "data", ["--tls-cert", str(cert), "--tls-key", str(key),
                                               "--web-port", str(web_port)])
    server.web_port = web_port
    yield server, cert.read_text()
    server.stop()


def connect(uri, **db_kwargs):
    import adbc_driver_flightsql.dbapi as flightsql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return flightsql.connect(uri, db_kwargs=db_kwargs)


def test_tls_clients_connect_and_plaintext_ones_fail(tls_server):
    import adbc_driver_manager

    server, root_cert = tls_server
    uri = f"grpc+tls://127.0.0.1:{server.port}"
    with connect(uri, **{"adbc.flight.sql.client_option.tls_root_certs": root_cert}) as conn:
        cur = conn.cursor()
        cur.execute("SELECT 1 + 1 AS two")
        assert cur.fetch_arrow_table().column("two").to_pylist() == [2]
    with pytest.raises(adbc_driver_manager.Error):
        with connect(server.uri) as conn:  # grpc:// without TLS
            conn.cursor().execute("SELECT 1")


def test_the_web_pages_serve_https_with_the_same_certificate(tls_server, tmp_path):
    import http.client
    import ssl
    import urllib.error
    import urllib.request

    server, root_cert = tls_server
    (tmp_path / "root.pem").write_text(root_cert)
    context = ssl.create_default_context(cafile=str(tmp_path / "root.pem"))
    with urllib.request.urlopen(f"https://127.0.0.1:{server.web_port}/", context=context) as page:
        assert page.status == 200
        assert "Tables" in page.read().decode()
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        urllib.request.urlopen(f"http://127.0.0.1:{server.web_port}/", timeout=10).read()
