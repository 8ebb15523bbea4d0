"""The Flight SQL server through ADBC: DDL, DML, parameters, errors, metadata."""

import pytest


def run(conn, sql, params=None):
    cur = conn.cursor()
    cur.execute(sql, parameters=params)
    return cur


def test_create_insert_query_with_parameters(adbc):
    run(adbc, "CREATE TABLE basics_t (id INTEGER PRIMARY KEY, name VARCHAR, v DOUBLE)")
    run(adbc, "INSERT INTO basics_t VALUES (1, 'a', 1.5), (2, 'b', 2.5), (3, 'c', NULL)")
    table = run(adbc, "SELECT id, name FROM basics_t WHERE v > ? ORDER BY id", (2.0,)).fetch_arrow_table()
    assert table.to_pylist() == [{"id": 2, "name": "b"}]


def test_errors_carry_sheaf_codes(adbc):
    import adbc_driver_manager

    with pytest.raises(adbc_driver_manager.Error) as failure:
        run(adbc, "SELECT nope FROM no_such_table_anywhere")
    assert "TABLE_NOT_FOUND" in str(failure.value)
    with pytest.raises(adbc_driver_manager.Error) as failure:
        run(adbc, "SELEC 1")
    assert "SYNTAX_ERROR" in str(failure.value)


def test_media_and_vector_types_in_arrow_metadata(adbc):
    run(adbc, "CREATE TABLE basics_media (id BIGINT, img IMAGE, emb VECTOR(2), meta JSON)")
    run(adbc, "INSERT INTO basics_media VALUES (1, 'file:///x.png', ARRAY[0.5, 1.5], '{\"a\": 1}')")
    table = run(adbc, "SELECT img, emb, meta FROM basics_media").fetch_arrow_table()
    fields = {f.name: f for f in table.schema}
    assert fields["img"].metadata[b"sheaf.type"] == b"IMAGE"
    assert fields["emb"].metadata[b"sheaf.type"] == b"VECTOR(2)"
    assert str(fields["emb"].type) == "fixed_size_list<element: float not null>[2]"
    assert fields["meta"].metadata[b"sheaf.type"] == b"JSON"
    assert table.column("emb").to_pylist() == [[0.5, 1.5]]


def test_metadata_lists_tables_and_schemas(adbc):
    run(adbc, "CREATE TABLE basics_meta (id INTEGER PRIMARY KEY, label VARCHAR)")
    objects = adbc.adbc_get_objects(depth="tables").read_all().to_pylist()
    assert objects[0]["catalog_name"] == "sheaf"
    schemas = {s["db_schema_name"]: s for s in objects[0]["catalog_db_schemas"]}
    tables = {t["table_name"] for t in schemas["main"]["db_schema_tables"]}
    assert "basics_meta" in tables
    schema = adbc.adbc_get_table_schema("basics_meta", db_schema_filter="main")
    assert schema.names == ["id", "label"]


def test_executemany_is_one_statement_and_one_version(adbc):
    run(adbc, "CREATE TABLE basics_many (id INTEGER PRIMARY KEY, name VARCHAR)")
    cur = adbc.cursor()
    cur.executemany("INSERT INTO basics_many VALUES (?, ?)", [(i, f"n{i}") for i in range(1, 51)])
    cur.executemany("UPDATE basics_many SET name = ? WHERE id = ?", [("first", 1), ("second", 2)])
    cur.executemany("DELETE FROM basics_many WHERE id = ?", [(49,), (50,)])
    rows = run(adbc, "SELECT count(*) AS n, min(name) AS first FROM basics_many").fetch_arrow_table().to_pylist()
    assert rows == [{"n": 48, "first": "first"}]
    history = run(adbc, 'SELECT operation FROM "basics_many$history" ORDER BY version').fetch_arrow_table()
    # two of 50 rows: both changes are merge-on-read (a delete file, plus new versions for the update)
    assert history.column("operation").to_pylist() == ["append", "overwrite", "delete"]
    failure_sql = "UPDATE basics_many SET name = ? WHERE id = ?"
    import adbc_driver_manager

    with pytest.raises(adbc_driver_manager.Error) as failure:
        cur.executemany(failure_sql, [("a", 3), ("b", 3)])
    assert "INVALID_ARGUMENT" in str(failure.value)


def test_sql_edges_over_flight(adbc):
    assert run(adbc, "SELECT 2^3 AS p").fetch_arrow_table().to_pylist() == [{"p": 8.0}]
    assert run(adbc, "EXPLAIN SELECT 1").fetch_arrow_table().num_rows >= 1
    run(adbc, "CREATE TABLE basics_edges (id INTEGER, v REAL)")
    run(adbc, "INSERT INTO basics_edges VALUES (1, 0.5)")
    run(adbc, "CREATE TAG t1 ON basics_edges")
    run(adbc, "ALTER TABLE basics_edges ALTER COLUMN id TYPE BIGINT")
    columns = run(adbc, "SHOW COLUMNS FROM basics_edges").fetch_arrow_table().to_pylist()
    assert [(c["column_name"], c["type"]) for c in columns] == [("id", "BIGINT"), ("v", "REAL")]
    run(adbc, "TRUNCATE TABLE basics_edges")
    assert run(adbc, "SELECT count(*) AS n FROM basics_edges").fetch_arrow_table().to_pylist() == [{"n": 0}]
    refs = run(adbc, 'SELECT name, type FROM "basics_edges$refs" ORDER BY name').fetch_arrow_table().to_pylist()
    assert refs == [{"name": "main", "type": "BRANCH"}, {"name": "t1", "type": "TAG"}]
