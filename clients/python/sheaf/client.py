"""The Sheaf client: SQL, ingest and catalog calls over Arrow Flight SQL (pyarrow.flight)."""

from __future__ import annotations

import ctypes
import os
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from pyarrow import flight

from . import _protocol as protocol
from ._dataset_card import DatasetCard
from ._params import parameter_array
from .errors import InvalidArgument, SheafError, from_arrow, is_arrow_error

if TYPE_CHECKING:
    from .hf import HFDatasetType
    from .notebook import Grid, Results
    from .torch import SheafIterableDataset

PARTITIONS_HEADER = b"sheaf-partitions"
PARTITION_ROWS_HEADER = b"sheaf-partition-rows"
# Rows per ingest message: at most INGEST_CHUNK_ROWS, and about INGEST_CHUNK_BYTES of Arrow data
# (wide rows, such as image bytes, would otherwise pass the server's max-message-bytes).
INGEST_CHUNK_ROWS = 16_384
INGEST_CHUNK_BYTES = 16 << 20


def ingest_chunk_rows(table: pa.Table) -> int:
    """Rows per ingest message for ``table``."""
    if table.num_rows == 0:
        return INGEST_CHUNK_ROWS
    per_row = max(1, table.nbytes // table.num_rows)
    return max(1, min(INGEST_CHUNK_ROWS, INGEST_CHUNK_BYTES // per_row))


@dataclass(frozen=True)
class ConnectionOptions:
    """What a process needs to open its own connection: picklable, holds no sockets."""

    uri: str
    username: str | None = None
    password: str | None = None
    tls_root_certs: bytes | None = None

    def connect(self) -> Client:
        return Client(self)


@dataclass(frozen=True)
class Partitions:
    """A query planned as partitions of one pinned snapshot: tickets, and row counts if asked."""

    schema: pa.Schema
    tickets: tuple[bytes, ...]
    rows: tuple[int, ...] | None
    table: str | None
    snapshot_id: int | None
    version: int | None


def _wrap(call):
    """Runs a pyarrow call, turning Arrow/Flight errors into Sheaf errors."""
    try:
        return call()
    except SheafError:
        raise
    except Exception as error:
        if is_arrow_error(error):
            raise from_arrow(error) from error
        raise


def quote_table(name: str, suffix: str = "") -> str:
    """``schema.table`` as quoted SQL identifiers; ``suffix`` joins the table name (``$history``)."""
    parts = name.split(".")
    parts[-1] += suffix
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


# gRPC (inside pyarrow.flight) is not fork-safe: a process forked after its parent made a Flight
# client hangs or aborts when it makes its own, even when the parent's client is closed, and
# destroying the parent's Flight objects in the child touches the same state. So a forked child
# never uses, closes or destroys what it inherited (see _after_fork_in_child), and reads through a
# fresh process instead (sheaf._reader_process).
_grpc_used = False
_forked_after_grpc = False
_live_clients: weakref.WeakSet[Client] = weakref.WeakSet()
# the parent's Flight objects, as a forked child inherited them: referenced for ever (and their
# reference counts raised), so that no destructor runs in the child, at exit included
_inherited: list[Any] = []


_child_forked_after_grpc = False  # what the next forked child will be


def _before_fork() -> None:
    global _child_forked_after_grpc
    _child_forked_after_grpc = _forked_after_grpc or _grpc_used


def _after_fork_in_child() -> None:
    global _forked_after_grpc
    _forked_after_grpc = _child_forked_after_grpc
    for client in list(_live_clients):
        held = [client._flight, *client._streams]
        client._flight = None
        client._streams.clear()
        for item in held:
            if item is not None:
                ctypes.pythonapi.Py_IncRef(ctypes.py_object(item))
                _inherited.append(item)
    _live_clients.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)


def forked_after_grpc() -> bool:
    """Whether this process was forked from one that had used a Sheaf client (gRPC): it must
    read through a fresh process (``sheaf._reader_process``), never make a Flight client."""
    return _forked_after_grpc


def _refuse_after_fork() -> None:
    if _forked_after_grpc:
        raise SheafError(
            "INVALID_ARGUMENT: Cannot connect from this process: it was forked after its"
            " parent used a Sheaf client, and gRPC is not fork-safe (it hangs or aborts)."
            " Datasets read through a fresh process by themselves; for other calls use"
            " multiprocessing's 'forkserver' or 'spawn', or fork before connecting",
            code="INVALID_ARGUMENT",
        )


def grpc_used() -> bool:
    """Whether this process has made a Flight client (and so must not fork workers that connect)."""
    return _grpc_used


class Client:
    """A connection to one Sheaf server. Use it from the process that made it: gRPC is not
    fork-safe, so a process forked after a client has talked to the server cannot open its own.
    Without a user name the connection opens at the first call (so a process that only makes a
    ``torch_dataset`` can still fork DataLoader workers); with one it logs in at once."""

    def __init__(self, options: ConnectionOptions):
        _refuse_after_fork()
        self.options = options
        self._pid = os.getpid()
        self._closed = False
        self._headers: list[tuple[bytes, bytes]] = []
        self._flight: flight.FlightClient | None = None
        self._streams: set[Any] = set()  # open DoGet readers (a forked child must not free them)
        _live_clients.add(self)
        if options.username is not None:
            self._open()  # log in now: wrong credentials fail here, not at the first query
        from . import notebook

        notebook.register(self)  # under Jupyter, tables show with thumbnails

    def _open(self) -> flight.FlightClient:
        """Makes the Flight client (gRPC) on first use, so that a process that only plans a
        dataset (in a child process) and starts DataLoader workers can still fork them."""
        global _grpc_used
        _refuse_after_fork()
        options = self.options
        kwargs: dict[str, Any] = {}
        if options.tls_root_certs is not None:
            kwargs["tls_root_certs"] = options.tls_root_certs
        _grpc_used = True
        client = _wrap(lambda: flight.FlightClient(options.uri, **kwargs))
        self._flight = client
        if options.username is not None:
            try:
                header = _wrap(
                    lambda: client.authenticate_basic_token(options.username,
                                                            options.password or "")
                )
            except BaseException:
                self.close()
                raise
            self._headers.append(header)
        return client

    # ---- plumbing

    def _client(self) -> flight.FlightClient:
        if self._closed:
            raise SheafError("INVALID_ARGUMENT: Cannot use the client: it is closed",
                             code="INVALID_ARGUMENT")
        if os.getpid() != self._pid:
            raise SheafError(
                "INVALID_ARGUMENT: Cannot use a Sheaf client made in another process (gRPC is"
                " not fork-safe): call sheaf.connect() in this process",
                code="INVALID_ARGUMENT",
            )
        return self._flight if self._flight is not None else self._open()

    def _call_options(self, extra: Sequence[tuple[bytes, bytes]] = ()) -> flight.FlightCallOptions:
        return flight.FlightCallOptions(headers=self._headers + list(extra))

    def _info(self, command: bytes, extra: Sequence[tuple[bytes, bytes]] = ()) -> flight.FlightInfo:
        client = self._client()
        descriptor = flight.FlightDescriptor.for_command(command)
        return _wrap(lambda: client.get_flight_info(descriptor, self._call_options(extra)))

    def read_ticket(self, ticket: bytes) -> Iterator[pa.RecordBatch]:
        """The batches of one endpoint's ticket; closing the iterator early cancels the stream."""
        client = self._client()
        reader = _wrap(lambda: client.do_get(flight.Ticket(ticket), self._call_options()))
        self._streams.add(reader)
        finished = False
        try:
            while True:
                try:
                    chunk = _wrap(reader.read_chunk)
                except StopIteration:
                    finished = True
                    return
                if chunk.data is not None:
                    yield chunk.data
        finally:
            # a forked child closing a generator it inherited: the stream is the parent's
            if os.getpid() == self._pid:
                self._streams.discard(reader)
                if not finished:
                    reader.cancel()

    def _stream_info(self, info: flight.FlightInfo) -> Iterator[pa.RecordBatch]:
        for endpoint in info.endpoints:
            yield from self.read_ticket(endpoint.ticket.ticket)

    def _put(self, command: bytes, data: pa.Table | None, progress: Any = None) -> bytes:
        client = self._client()
        descriptor = flight.FlightDescriptor.for_command(command)
        schema = data.schema if data is not None else pa.schema([])

        def run() -> bytes:
            writer, reader = client.do_put(descriptor, schema, self._call_options())
            try:
                if data is not None and progress is not None:
                    sent = 0
                    for batch in data.to_batches(max_chunksize=ingest_chunk_rows(data)):
                        writer.write_batch(batch)
                        sent += batch.num_rows
                        progress.update(sent)
                elif data is not None:
                    writer.write_table(data, max_chunksize=ingest_chunk_rows(data))
                writer.done_writing()
                metadata = reader.read()
            finally:
                writer.close()
            return metadata.to_pybytes() if metadata is not None else b""

        return _wrap(run)

    # ---- SQL

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Runs a query and returns all its rows."""
        batches = list(self.sql_batches(query, params))
        if batches:
            return pa.Table.from_batches(batches)
        return self._empty_result(query, params)

    def _empty_result(self, query: str, params: Sequence[Any] | None) -> pa.Table:
        if params is None:
            return self._info(protocol.statement_query(query)).schema.empty_table()
        with _Prepared(self, query) as prepared:
            return prepared.dataset_schema().empty_table()

    def sql_batches(
        self, query: str, params: Sequence[Any] | None = None
    ) -> Iterator[pa.RecordBatch]:
        """Runs a query and yields its record batches as they arrive."""
        if params is None:
            yield from self._stream_info(self._info(protocol.statement_query(query)))
            return
        with _Prepared(self, query) as prepared:
            prepared.bind(params)
            yield from self._stream_info(self._info(protocol.prepared_statement_query(prepared.handle)))

    def execute(self, statement: str, params: Sequence[Any] | None = None) -> int:
        """Runs a statement that returns no rows (DDL, DML); the number of rows it changed."""
        if params is None:
            return protocol.update_count(self._put(protocol.statement_update(statement), None))
        with _Prepared(self, statement) as prepared:
            batch = prepared.parameter_batch(params)
            return protocol.update_count(
                self._put(protocol.prepared_statement_update(prepared.handle), batch)
            )

    def partitions(self, query: str, count: int, *, count_rows: bool = False) -> Partitions:
        """Plans ``query`` as ``count`` partitions of one pinned snapshot (one for sorted,
        aggregated or joined queries). With ``count_rows`` the server counts each partition."""
        headers = [(PARTITIONS_HEADER, str(count).encode())]
        if count_rows:
            headers.append((PARTITION_ROWS_HEADER, b"true"))
        info = self._info(protocol.statement_query(query), headers)
        metadata = info.schema.metadata or {}
        tickets = tuple(endpoint.ticket.ticket for endpoint in info.endpoints)
        rows = None
        if count_rows:
            counts = [endpoint.app_metadata for endpoint in info.endpoints]
            if all(counts):
                rows = tuple(int(bytes(c).decode("ascii")) for c in counts)

        def number(key: bytes) -> int | None:
            value = metadata.get(key)
            return int(value) if value is not None else None

        table = metadata.get(b"sheaf.snapshot.table")
        return Partitions(
            schema=info.schema,
            tickets=tickets,
            rows=rows,
            table=table.decode() if table is not None else None,
            snapshot_id=number(b"sheaf.snapshot.id"),
            version=number(b"sheaf.snapshot.version"),
        )

    # ---- ingest

    def insert(self, table: str, data: Any, *, mode: str = "append",
               progress: bool = False) -> int:
        """Bulk-loads rows in one commit (one new version). ``data``: a pyarrow Table or
        RecordBatch, a pandas DataFrame, a list of dicts or a dict of columns. ``mode``: append,
        create, replace or create_append. ``progress``: show the rows sent with a tqdm bar
        (plain text on stderr without tqdm). Returns the number of rows written."""
        arrow = to_arrow_table(data)
        parts = table.split(".")
        schema = ".".join(parts[:-1]) or None
        command = protocol.statement_ingest(parts[-1], mode, schema)
        if not progress:
            return protocol.update_count(self._put(command, arrow))
        from ._progress import Progress

        with Progress(f"ingest {table}", arrow.num_rows) as bar:
            return protocol.update_count(self._put(command, arrow, bar))

    # ---- notebooks

    def results(self, query: str, params: Sequence[Any] | None = None, *,
                max_rows: int = 20) -> Results:
        """Runs a query; the rows (``.table``) show in Jupyter as an HTML table with
        thumbnails for image columns."""
        from .notebook import Results

        return Results(self.sql(query, params), self, max_rows=max_rows)

    def show(self, table: str, *, where: str | None = None, n: int = 24,
             columns: Sequence[str] | None = None, image: str | None = None,
             side: int = 128) -> Grid:
        """A grid of ``n`` thumbnails of ``table``'s image column (the first one unless
        ``image`` names one), with ``columns`` (the first three that are not media) beside each,
        of the rows ``where`` keeps: ``client.show("photos", where="label = 'cat'", n=24)``."""
        from .notebook import Grid

        return Grid(self, table, where=where, n=n, columns=columns, image=image, side=side)

    def wait_for_jobs(self, job_id: str | None = None, *, timeout: float | None = None,
                      progress: bool = True) -> list[dict[str, Any]]:
        """Waits until job ``job_id`` (or every running job) stops running, with a tqdm bar of
        its rows (plain text on stderr without tqdm); returns their rows of ``sys.jobs``."""
        from .notebook import wait_for_jobs

        return wait_for_jobs(self, job_id, timeout=timeout, progress=progress)

    # ---- catalog

    def tables(self) -> pa.Table:
        """The tables and views: ``catalog_name``, ``db_schema_name``, ``table_name``,
        ``table_type`` (``TABLE`` or ``VIEW``)."""
        info = self._info(protocol.get_tables(include_schema=False))
        return pa.Table.from_batches(list(self._stream_info(info)), schema=info.schema)

    def describe(self, table: str) -> pa.Schema:
        """The Arrow schema of a table or view; each field's metadata has its Sheaf type
        (``sheaf.type``)."""
        parts = table.split(".")
        schema_name = ".".join(parts[:-1]) or None
        info = self._info(
            protocol.get_tables(schema_pattern=schema_name, table_pattern=parts[-1],
                                include_schema=True)
        )
        result = pa.Table.from_batches(list(self._stream_info(info)), schema=info.schema)
        for row in result.to_pylist():
            if row["table_name"] == parts[-1] and (
                schema_name is None or row["db_schema_name"] == schema_name
            ):
                return pa.ipc.read_schema(pa.py_buffer(row["table_schema"]))
        raise from_arrow(pa.ArrowKeyError(f"TABLE_NOT_FOUND: Cannot describe table '{table}': "
                                          "it does not exist (tables() lists the tables)"))

    def versions(self, table: str) -> pa.Table:
        """The table's version history, oldest first."""
        return self.sql(f"SELECT * FROM {quote_table(table, '$history')} ORDER BY version")

    # ---- datasets

    def torch_dataset(self, query: str, *, batch_size: int, **kwargs: Any) -> SheafIterableDataset:
        """A ``torch.utils.data.IterableDataset`` over the query; see ``sheaf.torch``."""
        from .torch import SheafIterableDataset

        return SheafIterableDataset(self.options, query, batch_size=batch_size, **kwargs)

    def hf_dataset(self, query: str, *, streaming: bool = False,
                   version: int | None = None, dataset: str | None = None) -> HFDatasetType:
        """A Hugging Face ``datasets.Dataset`` (or a streaming ``IterableDataset``).
        ``dataset="d@v3"`` reads every ``d.table`` the query names at that dataset commit."""
        from .hf import hf_dataset

        return hf_dataset(self, query, streaming=streaming, version=version, dataset=dataset)

    def describe_dataset(self, name: str, version: int | str | None = None) -> DatasetCard:
        """``DESCRIBE DATASET``: members, row counts, sizes and media of a commit (the latest
        when ``version`` is None); prints as a table."""
        sql = f"DESCRIBE DATASET {quote_table(name)}"
        if version is not None:
            sql += f" VERSION {version}" if isinstance(version, int) else \
                " VERSION '" + str(version).replace("'", "''") + "'"
        return DatasetCard(self.sql(sql))

    # ---- lifecycle

    def close(self) -> None:
        if self._flight is not None and os.getpid() == self._pid:
            self._flight.close()
        self._flight = None
        self._closed = True

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError(
            "Cannot pickle a Sheaf client: it holds a connection. Pass client.options (a"
            " ConnectionOptions) and call .connect() in the other process"
        )


class _Prepared:
    """A server-side prepared statement, closed on exit."""

    def __init__(self, client: Client, query: str):
        self.client = client
        flight_client = client._client()
        action = flight.Action("CreatePreparedStatement", protocol.create_prepared_statement(query))
        results = _wrap(lambda: list(flight_client.do_action(action, client._call_options())))
        self.result = protocol.prepared_statement_result(results[0].body.to_pybytes())
        self.handle = self.result.handle

    def dataset_schema(self) -> pa.Schema:
        if not self.result.dataset_schema:
            return pa.schema([])
        return pa.ipc.read_schema(pa.py_buffer(self.result.dataset_schema))

    def parameter_batch(self, params: Sequence[Any]) -> pa.Table:
        schema = pa.ipc.read_schema(pa.py_buffer(self.result.parameter_schema))
        if len(params) != len(schema):
            raise InvalidArgument(
                f"INVALID_ARGUMENT: Cannot bind {len(params)} parameters: the statement has"
                f" {len(schema)} (one value per ?)"
            )
        columns = [parameter_array(i + 1, value, field)
                   for i, (value, field) in enumerate(zip(params, schema))]
        return pa.Table.from_arrays(columns, schema=schema)

    def bind(self, params: Sequence[Any]) -> None:
        self.client._put(protocol.prepared_statement_query(self.handle),
                         self.parameter_batch(params))

    def __enter__(self) -> _Prepared:
        return self

    def __exit__(self, *exc: object) -> None:
        flight_client = self.client._client()
        action = flight.Action("ClosePreparedStatement",
                               protocol.close_prepared_statement(self.handle))
        try:
            list(flight_client.do_action(action, self.client._call_options()))
        except pa.ArrowException:
            pass  # the statement dies with the session anyway


def to_arrow_table(data: Any) -> pa.Table:
    """A pyarrow Table from the shapes ``insert`` accepts."""
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if isinstance(data, list):
        if not data:
            raise InvalidArgument("INVALID_ARGUMENT: Cannot insert an empty list: give some rows")
        return pa.Table.from_pylist(data)
    if isinstance(data, dict):
        return pa.table(data)
    if type(data).__module__.startswith("pandas"):
        return pa.Table.from_pandas(data, preserve_index=False)
    raise InvalidArgument(
        f"INVALID_ARGUMENT: Cannot insert a {type(data).__name__}: give a pyarrow Table or"
        " RecordBatch, a pandas DataFrame, a list of dicts or a dict of columns"
    )
