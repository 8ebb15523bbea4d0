"""The small ADBC calls the Python suites share: connect to a server, fetch rows, run a statement."""

import warnings


def connect(uri):
    """An ADBC Flight SQL DB-API connection (Sheaf commits per statement: no autocommit warning)."""
    import adbc_driver_flightsql.dbapi as flightsql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return flightsql.connect(uri)


def rows(conn, sql):
    """The rows of a query, as dicts."""
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetch_arrow_table().to_pylist()


def run(conn, sql):
    """Runs a statement that returns no rows."""
    cur = conn.cursor()
    cur.execute(sql)
    conn.commit()
