"""The client's hand-written Flight SQL messages and its partition plan, without a server."""

import itertools

import pytest

from sheaf import _plan, _protocol as protocol
from sheaf._sql import pin_version
from sheaf.errors import InvalidArgument


def test_messages_decode_to_the_fields_they_were_given():
    body = protocol.unpack(protocol.statement_query("SELECT 1"), "CommandStatementQuery")
    assert protocol.decode_fields(body) == {1: [b"SELECT 1"]}

    ingest = protocol.decode_fields(
        protocol.unpack(protocol.statement_ingest("t", "replace", "s"), "CommandStatementIngest"))
    assert ingest[2] == [b"t"] and ingest[3] == [b"s"]
    assert protocol.decode_fields(ingest[1][0]) == {1: [2], 2: [3]}  # fail if missing, replace

    tables = protocol.decode_fields(protocol.unpack(
        protocol.get_tables(table_pattern="x", include_schema=True), "CommandGetTables"))
    assert tables == {3: [b"x"], 5: [1]}


def test_varints_round_trip_and_negative_counts_decode():
    for value in (0, 1, 127, 128, 300, 2**31, 2**62):
        assert protocol.update_count(protocol._int_field(1, value)) == value
    assert protocol.update_count(protocol._int_field(1, -1)) == -1
    assert protocol.update_count(b"") == 0


def test_unpack_refuses_another_message_and_truncated_bytes():
    with pytest.raises(ValueError, match="expected CommandStatementQuery"):
        protocol.unpack(protocol.statement_update("x"), "CommandStatementQuery")
    with pytest.raises(ValueError, match="past the end"):
        protocol.decode_fields(protocol.statement_query("SELECT 1")[:-3])
    with pytest.raises(ValueError, match="mode"):
        protocol.statement_ingest("t", "upsert")


def _covered(rows, world_size, workers, batch_size, drop_last, shuffle=True, epoch=0):
    seen = []
    batches = set()
    for rank in range(world_size):
        count = 0
        for worker in range(workers):
            plan = _plan.worker_plan(
                rows, rank=rank, world_size=world_size, worker=worker, num_workers=workers,
                batch_size=batch_size, drop_last=drop_last, shuffle=shuffle, seed=3, epoch=epoch)
            assert sum(s.stop - s.start for s in plan.segments) == plan.rows
            assert all(size <= batch_size for size in plan.batch_sizes)
            # a batch is empty only when a rank has fewer rows than batches (batch_size 1 here)
            assert batch_size == 1 or all(plan.batch_sizes)
            count += len(plan.batch_sizes)
            offsets = list(itertools.accumulate([0, *rows]))
            seen += [offsets[s.partition] + i for s in plan.segments for i in range(s.start, s.stop)]
        batches.add(count)
    return seen, batches


@pytest.mark.parametrize("rows", [[100, 0, 37, 5, 64], [1] * 9, [1000], [13, 250, 7, 7, 90, 3]])
@pytest.mark.parametrize("world_size,workers", [(1, 1), (2, 2), (3, 1), (2, 3)])
def test_plans_cover_each_row_once_with_equal_batches_per_rank(rows, world_size, workers):
    total = sum(rows)
    for batch_size in (1, 4, 16):
        if total // world_size < 1:
            continue
        seen, batches = _covered(rows, world_size, workers, batch_size, drop_last=False)
        assert sorted(seen) == list(range(total))
        assert len(batches) == 1  # every rank makes the same number of batches
        seen, batches = _covered(rows, world_size, workers, batch_size, drop_last=True)
        assert len(set(seen)) == len(seen) and len(batches) == 1
        assert len(seen) == world_size * ((total // world_size) // batch_size) * batch_size


def test_partition_order_depends_on_seed_and_epoch_only():
    a = _plan.partition_order(50, shuffle=True, seed=1, epoch=0)
    assert a == _plan.partition_order(50, shuffle=True, seed=1, epoch=0)
    assert a != _plan.partition_order(50, shuffle=True, seed=1, epoch=1)
    assert sorted(a) == list(range(50))
    assert _plan.partition_order(5, shuffle=False, seed=1, epoch=7) == [0, 1, 2, 3, 4]


def test_pin_version_rewrites_one_table_queries_only():
    assert pin_version("SELECT a FROM t WHERE a > 1", 3) == \
        "SELECT a FROM t FOR VERSION AS OF 3 WHERE a > 1"
    assert pin_version('select * from "My T" x', 2) == 'select * from "My T" FOR VERSION AS OF 2 x'
    assert pin_version("SELECT * FROM s.t", 1) == "SELECT * FROM s.t FOR VERSION AS OF 1"
    for bad in ("SELECT * FROM a JOIN b ON a.x = b.x", "SELECT * FROM a, (SELECT 1 FROM b) c",
                "SELECT * FROM t FOR VERSION AS OF 1", "SELECT 1"):
        with pytest.raises(InvalidArgument):
            pin_version(bad, 4)
