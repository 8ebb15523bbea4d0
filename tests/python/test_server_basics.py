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
