"""pyarrow.flight against Sheaf with no Flight SQL library: hand-encoded commands, GetFlightInfo,
DoGet; type info; malformed requests; a client killed mid-stream; cancellation through ADBC."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import warnings

import pyarrow as pa
import pyarrow.flight as flight
import pytest

from conftest import SheafProcess
from sheaf._protocol import statement_query, xdbc_type_info

# 1024^3 rows: a query that would stream for hours
ENDLESS = "SELECT a.n * 1000000 + b.n * 1000 + c.n AS v FROM pf_numbers a, pf_numbers b, pf_numbers c"


def connect(uri):
    import adbc_driver_flightsql.dbapi as flightsql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return flightsql.connect(uri)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of this module's own, so its shutdown log can be read."""
    process = SheafProcess(tmp_path_factory.mktemp("pyarrow-flight") / "data")
    with connect(process.uri) as conn, conn.cursor() as cur:
        cur.adbc_ingest("pf_numbers", pa.table({"n": pa.array(range(1, 1025), pa.int32())}), mode="create")
    yield process
    process.stop()


def query(client: flight.FlightClient, sql: str) -> pa.Table:
    info = client.get_flight_info(flight.FlightDescriptor.for_command(statement_query(sql)))
    return pa.concat_tables(client.do_get(e.ticket).read_all() for e in info.endpoints)


def test_statement_query_by_hand(server):
    client = flight.connect(server.uri)
    info = client.get_flight_info(
        flight.FlightDescriptor.for_command(statement_query("SELECT n, n * 2 AS twice FROM pf_numbers WHERE n <= 3"))
    )
    assert info.schema.names == ["n", "twice"]
    assert len(info.endpoints) == 1
    table = client.do_get(info.endpoints[0].ticket).read_all()
    assert sorted(table.to_pylist(), key=lambda r: r["n"]) == [
        {"n": 1, "twice": 2}, {"n": 2, "twice": 4}, {"n": 3, "twice": 6}
    ]
    # the ticket is self-contained: reading it again gives the same rows
    assert client.do_get(info.endpoints[0].ticket).read_all().num_rows == 3


def test_large_result_arrives_whole_in_bounded_batches(server):
    client = flight.connect(server.uri)
    reader = client.do_get(
        client.get_flight_info(
            flight.FlightDescriptor.for_command(statement_query("SELECT a.n AS x, b.n AS y FROM pf_numbers a, pf_numbers b"))
        ).endpoints[0].ticket
    )
    rows = total = 0
    for chunk in reader:
        assert chunk.data.num_rows <= 65536
        rows += chunk.data.num_rows
        total += pa.compute.sum(chunk.data.column("x")).as_py()
    assert rows == 1024 * 1024
    assert total == 1024 * (1024 * 1025 // 2)


def test_xdbc_type_info(server):
    client = flight.connect(server.uri)
    info = client.get_flight_info(flight.FlightDescriptor.for_command(xdbc_type_info()))
    table = client.do_get(info.endpoints[0].ticket).read_all()
    types = {row["type_name"]: row for row in table.to_pylist()}
    assert {"BOOLEAN", "INTEGER", "BIGINT", "DECIMAL", "VARCHAR", "VECTOR", "IMAGE", "JSON"} <= set(types)
    assert types["INTEGER"]["data_type"] == 4
    assert types["DECIMAL"]["create_params"] == ["precision", "scale"]
    info = client.get_flight_info(flight.FlightDescriptor.for_command(xdbc_type_info(-5)))  # BIGINT
    assert client.do_get(info.endpoints[0].ticket).read_all().column("type_name").to_pylist() == ["BIGINT"]


def test_malformed_requests_get_sheaf_errors(server):
    client = flight.connect(server.uri)
    with pytest.raises(pa.ArrowException) as failure:
        client.do_get(flight.Ticket(b"not a ticket")).read_all()
    assert "INVALID_ARGUMENT" in str(failure.value) and "Cannot read the ticket" in str(failure.value)
    with pytest.raises(pa.ArrowException) as failure:
        client.get_flight_info(flight.FlightDescriptor.for_command(b"SELECT 1"))
    assert "Cannot read the command" in str(failure.value)
    with pytest.raises(pa.ArrowException) as failure:
        client.get_flight_info(flight.FlightDescriptor.for_command(statement_query("SELEC 1")))
    assert "SYNTAX_ERROR" in str(failure.value)


READER = textwrap.dedent(
    """
    import sys, time
    import pyarrow.flight as flight
    sys.path.insert(0, sys.argv[2])
    from sheaf._protocol import statement_query
    client = flight.connect(sys.argv[1])
    info = client.get_flight_info(flight.FlightDescriptor.for_command(statement_query(sys.argv[3])))
    reader = client.do_get(info.endpoints[0].ticket)
    reader.read_chunk()
    print("reading", flush=True)
    time.sleep(600)
    """
)


def test_a_client_killed_mid_stream_leaves_the_server_serving(server):
    here = os.path.dirname(os.path.abspath(__file__))
    readers = [
        subprocess.Popen([sys.executable, "-c", READER, server.uri, here, ENDLESS], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    try:
        for reader in readers:
            assert reader.stdout.readline().strip() == "reading"
    finally:
        for reader in readers:
            reader.send_signal(signal.SIGKILL)
            reader.wait()
    client = flight.connect(server.uri)
    assert query(client, "SELECT count(*) AS c FROM pf_numbers").column("c").to_pylist() == [1024]


def test_adbc_cancel_stops_a_running_query(server):
    import adbc_driver_manager

    with connect(server.uri) as conn, conn.cursor() as cur:
        cur.execute(ENDLESS)
        reader = cur.fetch_record_batch()
        assert reader.read_next_batch().num_rows > 0
        cur.adbc_cancel()
        with pytest.raises((adbc_driver_manager.Error, pa.ArrowException, OSError)) as failure:
            while True:
                reader.read_next_batch()
        assert "cancel" in str(failure.value).lower()
    client = flight.connect(server.uri)
    assert query(client, "SELECT max(n) AS m FROM pf_numbers").column("m").to_pylist() == [1024]


def test_zz_every_buffer_released_at_shutdown(server):
    """Runs last in this module: after killed clients and cancelled queries, nothing leaked."""
    server.stop()
    log = server.log_path.read_text()
    assert "Arrow memory held at shutdown: 0 bytes" in log, log[-3000:]
