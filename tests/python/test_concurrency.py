"""Sixteen clients at once, each with its own ADBC connection, on a mixed workload: queries of a
shared table, DDL, inserts, bulk ingest, prepared queries with parameters and metadata calls."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pyarrow.flight as flight
import pytest

from sheaf._protocol import statement_query

# ADBC warns that Sheaf cannot turn autocommit off; catch_warnings is not thread-safe, so filter here
pytestmark = pytest.mark.filterwarnings("ignore:Cannot disable autocommit")

CLIENTS = 16
SHARED_ROWS = 200_000


def connect(uri):
    import adbc_driver_flightsql.dbapi as flightsql

    return flightsql.connect(uri)


def workload(uri: str, client: int) -> dict:
    table = f"conc_client_{client}"
    with connect(uri) as conn, conn.cursor() as cur:
        cur.execute(f"CREATE TABLE {table} (id BIGINT PRIMARY KEY, label VARCHAR, v DOUBLE)")
        for batch in range(5):
            values = ", ".join(f"({batch * 10 + i}, 'c{client}', {i * 0.5})" for i in range(10))
            cur.execute(f"INSERT INTO {table} VALUES {values}")
        ingested = pa.table({"id": pa.array(range(1000, 1500), pa.int64()),
                             "label": ["bulk"] * 500, "v": [1.0] * 500})
        cur.adbc_ingest(table, ingested, mode="append")
        cur.execute(f"SELECT count(*) AS n, sum(id) AS s FROM {table}")
        own = cur.fetch_arrow_table().to_pylist()[0]
        cur.execute("SELECT count(*) AS n, sum(n) AS s FROM conc_shared WHERE n % 16 = ?", parameters=(client,))
        shared = cur.fetch_arrow_table().to_pylist()[0]
        cur.execute("SELECT n FROM conc_shared WHERE n < 1000")
        scanned = cur.fetch_arrow_table().num_rows
        objects = conn.adbc_get_objects(depth="tables").read_all().to_pylist()
        tables = {t["table_name"] for s in objects[0]["catalog_db_schemas"] for t in s["db_schema_tables"]}
    # and pyarrow.flight directly, as another kind of client
    reader = flight.connect(uri)
    info = reader.get_flight_info(flight.FlightDescriptor.for_command(statement_query(f"SELECT max(v) AS m FROM {table}")))
    top = reader.do_get(info.endpoints[0].ticket).read_all().column("m").to_pylist()
    return {"own": own, "shared": shared, "scanned": scanned, "sees_itself": table in tables, "max": top}


def test_sixteen_clients_with_a_mixed_workload(sheaf_server):
    with connect(sheaf_server.uri) as conn, conn.cursor() as cur:
        cur.adbc_ingest("conc_shared", pa.table({"n": pa.array(range(SHARED_ROWS), pa.int64())}), mode="create")
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda c: workload(sheaf_server.uri, c), range(CLIENTS)))
    own_sum = sum(range(50)) + sum(range(1000, 1500))
    for client, result in enumerate(results):
        assert result["own"] == {"n": 550, "s": own_sum}
        expected = [n for n in range(SHARED_ROWS) if n % 16 == client]
        assert result["shared"] == {"n": len(expected), "s": sum(expected)}
        assert result["scanned"] == 1000
        assert result["sees_itself"]
        assert result["max"] == [4.5]
