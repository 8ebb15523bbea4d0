"""Text in any script, byte for byte: literals, quoted names, parameters and bulk ingest, through
INSERT, UPDATE, MERGE, WHERE, GROUP BY and JOIN, over ADBC."""

from __future__ import annotations

import pyarrow as pa
import pytest

TEXTS = {
    "latin": "héllo wörld",
    "cjk": "猫が寝ている",
    "arabic": "قطة نائمة على الأريكة",
    "emoji": "h\u00e9llo 😀🐈",
}


def rows(adbc, sql, parameters=None):
    with adbc.cursor() as cur:
        cur.execute(sql, parameters=parameters)
        return cur.fetch_arrow_table().to_pylist()


def run(adbc, sql, parameters=None):
    with adbc.cursor() as cur:
        cur.execute(sql, parameters=parameters)


@pytest.fixture()
def captions(adbc, request):
    name = f"字幕_{request.node.name[-20:].replace('[', '_').replace(']', '').replace('-', '_')}"
    run(adbc, f'CREATE TABLE "{name}" (id INTEGER PRIMARY KEY, script VARCHAR, "説明" VARCHAR)')
    yield name
    run(adbc, f'DROP TABLE IF EXISTS "{name}"')


@pytest.mark.parametrize("script", sorted(TEXTS))
def test_literals_parameters_and_ingest_round_trip(adbc, captions, script):
    text = TEXTS[script]
    run(adbc, f"INSERT INTO \"{captions}\" VALUES (1, '{script}', '{text}')")
    run(adbc, f'INSERT INTO "{captions}" VALUES (2, ?, ?)', parameters=(script, text))
    with adbc.cursor() as cur:
        cur.adbc_ingest(captions, pa.table({"id": [3], "script": [script], "説明": [text]}), mode="append")
    got = rows(adbc, f'SELECT id, "説明" AS t FROM "{captions}" WHERE "説明" = \'{text}\' ORDER BY id')
    assert [r["id"] for r in got] == [1, 2, 3]
    assert all(r["t"].encode() == text.encode() for r in got)
    assert rows(adbc, f"SELECT '{text}' AS t")[0]["t"] == text
    assert rows(adbc, f'SELECT count(*) AS n FROM "{captions}" WHERE "説明" = ?', (text,))[0]["n"] == 3
    prefix = text[:2]
    assert rows(adbc, f"SELECT count(*) AS n FROM \"{captions}\" WHERE \"説明\" LIKE '{prefix}%'")[0]["n"] == 3
    grouped = rows(adbc, f'SELECT "説明" AS t, count(*) AS n FROM "{captions}" GROUP BY "説明"')
    assert grouped == [{"t": text, "n": 3}]
    assert rows(adbc, f'SELECT char_length("説明") AS n FROM "{captions}" WHERE id = 1')[0]["n"] == len(text)


def test_update_merge_and_join_keep_text(adbc, captions):
    run(adbc, f"INSERT INTO \"{captions}\" VALUES (1, 'a', '{TEXTS['latin']}'), (2, 'b', '{TEXTS['cjk']}')")
    run(adbc, f"UPDATE \"{captions}\" SET \"説明\" = '{TEXTS['emoji']}' WHERE \"{captions}\".id = 1")
    run(
        adbc,
        f"MERGE INTO \"{captions}\" USING (VALUES (2, '{TEXTS['arabic']}')) AS s (id, t)"
        f" ON \"{captions}\".id = s.id WHEN MATCHED THEN UPDATE SET \"説明\" = s.t",
    )
    got = rows(adbc, f'SELECT id, "説明" AS t FROM "{captions}" ORDER BY id')
    assert got == [{"id": 1, "t": TEXTS["emoji"]}, {"id": 2, "t": TEXTS["arabic"]}]
    joined = rows(
        adbc,
        f"SELECT a.id FROM \"{captions}\" a JOIN (VALUES ('{TEXTS['arabic']}')) AS v (t) ON a.\"説明\" = v.t",
    )
    assert joined == [{"id": 2}]


def test_errors_quote_names_intact(adbc):
    import adbc_driver_manager

    with pytest.raises(adbc_driver_manager.Error) as failure:
        rows(adbc, 'SELECT * FROM "存在しない表"')
    assert "存在しない表" in str(failure.value)
