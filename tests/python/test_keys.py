"""Nothing lost, no one in: primary keys under concurrent writers, and statements that create a
table with its rows making it whole or not at all, through ADBC against a real server."""

from __future__ import annotations

import threading

import pyarrow as pa
import pytest

# ADBC warns that Sheaf cannot turn autocommit off; catch_warnings is not thread-safe, so filter here
pytestmark = pytest.mark.filterwarnings("ignore:Cannot disable autocommit")

ROUNDS = 12


def connect(uri):
    import adbc_driver_flightsql.dbapi as flightsql

    return flightsql.connect(uri)


def run(conn, sql, params=None):
    cur = conn.cursor()
    cur.execute(sql, parameters=params)
    return cur


def race(uri: str, write) -> list[list[str]]:
    """Two clients, each on its own connection, call write(cursor, round) at once, ROUNDS times;
    returns per round the outcome of each: "ok" or the error's text."""
    barrier = threading.Barrier(2)
    outcomes: list[list[str]] = [["", ""] for _ in range(ROUNDS)]

    def client(index: int) -> None:
        with connect(uri) as conn, conn.cursor() as cur:
            for n in range(ROUNDS):
                barrier.wait(timeout=60)
                try:
                    write(cur, n, index)
                    outcomes[n][index] = "ok"
                except Exception as e:  # noqa: BLE001 - the error's text is the outcome
                    outcomes[n][index] = str(e)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcomes


def assert_one_won_each_round(outcomes: list[list[str]]) -> None:
    for n, pair in enumerate(outcomes):
        assert sorted(o == "ok" for o in pair) == [False, True], f"round {n}: {pair}"
        assert any("DUPLICATE_KEY" in o for o in pair), f"round {n}: {pair}"


def test_two_clients_inserting_one_key_at_once_leave_it_once(sheaf_server, adbc):
    run(adbc, "CREATE TABLE keys_insert_race (id BIGINT PRIMARY KEY, writer INTEGER)")

    def write(cur, n, index):
        cur.execute(f"INSERT INTO keys_insert_race VALUES ({n}, {index})")

    assert_one_won_each_round(race(sheaf_server.uri, write))
    rows = run(adbc, "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM keys_insert_race").fetchall()
    assert rows == [(ROUNDS, ROUNDS)]


def test_two_clients_ingesting_one_key_at_once_leave_it_once(sheaf_server, adbc):
    run(adbc, "CREATE TABLE keys_ingest_race (id BIGINT PRIMARY KEY, writer INTEGER)")

    def write(cur, n, index):
        # 100 keys per round; both clients send the same ones
        ids = pa.array(range(n * 100, n * 100 + 100), pa.int64())
        cur.adbc_ingest("keys_ingest_race", pa.table({"id": ids, "writer": pa.array([index] * 100, pa.int32())}),
                        mode="append")

    assert_one_won_each_round(race(sheaf_server.uri, write))
    rows = run(adbc, "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM keys_ingest_race").fetchall()
    assert rows == [(ROUNDS * 100, ROUNDS * 100)]


def test_a_create_ingest_that_fails_mid_stream_leaves_no_table(adbc):
    import adbc_driver_manager

    good = pa.array([1_717_243_200_123_456_000] * 1000, pa.timestamp("ns"))
    bad = pa.array([1_717_243_200_123_456_789] * 1000, pa.timestamp("ns"))  # not whole microseconds
    schema = pa.schema([("at", pa.timestamp("ns"))])
    batches = [pa.record_batch([good], schema=schema)] * 3 + [pa.record_batch([bad], schema=schema)]
    reader = pa.RecordBatchReader.from_batches(schema, iter(batches))
    with pytest.raises(adbc_driver_manager.Error) as failure:
        adbc.cursor().adbc_ingest("keys_broken_create", reader, mode="create")
    assert "TYPE_MISMATCH" in str(failure.value)
    with pytest.raises(adbc_driver_manager.Error) as missing:
        run(adbc, "SELECT count(*) FROM keys_broken_create")
    assert "TABLE_NOT_FOUND" in str(missing.value)


def test_create_table_as_is_one_version_or_no_table(adbc):
    import adbc_driver_manager

    with pytest.raises(adbc_driver_manager.Error) as failure:
        run(adbc, "CREATE TABLE keys_ctas_bad (id INTEGER PRIMARY KEY) AS SELECT * FROM (VALUES 1, 2, 1)")
    assert "DUPLICATE_KEY" in str(failure.value)
    with pytest.raises(adbc_driver_manager.Error) as missing:
        run(adbc, "SELECT count(*) FROM keys_ctas_bad")
    assert "TABLE_NOT_FOUND" in str(missing.value)

    run(adbc, "CREATE TABLE keys_ctas (id INTEGER PRIMARY KEY) AS SELECT * FROM (VALUES 1, 2, 3)")
    history = run(adbc, 'SELECT version, operation FROM "keys_ctas$history"').fetchall()
    assert history == [(1, "append")]


def test_executemany_of_a_keyed_insert_is_one_version(adbc):
    run(adbc, "CREATE TABLE keys_many (id INTEGER PRIMARY KEY, name VARCHAR)")
    adbc.cursor().executemany("INSERT INTO keys_many VALUES (?, ?)", [(i, f"n{i}") for i in range(40)])
    import adbc_driver_manager

    with pytest.raises(adbc_driver_manager.Error) as failure:
        adbc.cursor().executemany("INSERT INTO keys_many VALUES (?, ?)", [(100, "x"), (5, "taken")])
    assert "DUPLICATE_KEY" in str(failure.value)
    history = run(adbc, 'SELECT version FROM "keys_many$history"').fetchall()
    assert history == [(1,)]
    assert run(adbc, "SELECT count(*) FROM keys_many").fetchall() == [(40,)]
