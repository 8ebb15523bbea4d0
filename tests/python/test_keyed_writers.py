"""Sixteen clients write one keyed table at once, their keys overlapping: every key ends up there
exactly once, each statement either landed whole or failed with DUPLICATE_KEY (or a retryable
COMMIT_CONFLICT), and the rows that landed are the ones the clients were told landed."""

import threading

from sql_calls import connect, rows, run

CLIENTS = 16
STATEMENTS = 6
KEYS_PER_STATEMENT = 5


def test_sixteen_clients_on_one_keyed_table_keep_every_key_once(sheaf_server):
    admin = connect(sheaf_server.uri)
    run(admin, "CREATE TABLE kw_keys (id BIGINT PRIMARY KEY, client INTEGER, statement INTEGER)")
    landed: list[tuple[int, int]] = []
    refused: list[str] = []
    unexpected: list[str] = []
    lock = threading.Lock()

    def client(c: int) -> None:
        conn = connect(sheaf_server.uri)
        try:
            for s in range(STATEMENTS):
                # client c's statement s takes keys that clients c + 1 and c - 1 also try
                first = (c * STATEMENTS + s) * 2
                values = ", ".join(
                    f"({first + k}, {c}, {s})" for k in range(KEYS_PER_STATEMENT)
                )
                try:
                    run(conn, f"INSERT INTO kw_keys VALUES {values}")
                    with lock:
                        landed.append((c, s))
                except Exception as e:
                    text = str(e)
                    with lock:
                        if "DUPLICATE_KEY" in text or "COMMIT_CONFLICT" in text:
                            refused.append(text)
                        else:
                            unexpected.append(text)
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert unexpected == []
    assert refused, "overlapping keys must refuse some statements"
    stored = rows(admin, "SELECT id, client, statement FROM kw_keys")
    ids = [r["id"] for r in stored]
    assert len(ids) == len(set(ids))
    by_statement: dict[tuple[int, int], int] = {}
    for r in stored:
        key = (r["client"], r["statement"])
        by_statement[key] = by_statement.get(key, 0) + 1
    assert set(by_statement) == set(landed)
    assert all(n == KEYS_PER_STATEMENT for n in by_statement.values())
    admin.close()
