package dev.sheaf.server.flight;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.sheaf.planner.SheafEngine;
import dev.sheaf.planner.exec.PartitionPlan;
import dev.sheaf.planner.exec.PreparedInfo;
import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.exec.StatementResult;
import dev.sheaf.planner.exec.TableIngest;
import dev.sheaf.planner.exec.TablePin;
import dev.sheaf.planner.media.MediaOnError;
import dev.sheaf.planner.result.KeptResult;
import dev.sheaf.planner.vector.RowWindow;
import dev.sheaf.server.auth.BearerTokens;
import dev.sheaf.server.config.ServerLimits;
import dev.sheaf.server.flight.PreparedStatements.Statement;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowTypes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.BasicFlightSqlProducer;
import org.apache.arrow.flight.sql.CancelResult;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sheaf over Arrow Flight SQL: statements and prepared statements (queries and updates), SQL info
 * and catalog metadata. Every statement runs on the embedded engine; errors map through {@link
 * FlightErrors}.
 */
public final class SheafFlightSqlProducer extends BasicFlightSqlProducer {
  private final SheafEngine engine;
  private final BufferAllocator allocator;
  private final CatalogMetadata metadata;
  private final SqlInfoBuilder sqlInfo = SheafSqlInfo.create();
  private final PreparedStatements prepared;
  private final QueryCancellation running = new QueryCancellation();
  private final TicketSigner tickets;
  private final BearerTokens tokens;

  /** The action {@code sheaf logout} sends: it ends every bearer token of the calling user. */
  public static final String LOGOUT = "sheaf.logout";

  public SheafFlightSqlProducer(SheafEngine engine, BufferAllocator allocator) {
    this(engine, allocator, ServerLimits.defaults(), null, null);
  }

  /**
   * @param ticketKey the file holding the key tickets are signed with ({@link TicketSigner}), or
   *     null for a key of this process alone
   * @param tokens the bearer tokens of logged-in users, or null when the server has no users
   */
  public SheafFlightSqlProducer(
      SheafEngine engine,
      BufferAllocator allocator,
      ServerLimits limits,
      Path ticketKey,
      BearerTokens tokens) {
    this.engine = engine;
    this.tokens = tokens;
    this.tickets = ticketKey == null ? TicketSigner.random() : TicketSigner.fromKeyFile(ticketKey);
    this.allocator = allocator;
    this.metadata = new CatalogMetadata(engine.tables(), allocator);
    this.prepared =
        new PreparedStatements(
            limits.maxPreparedStatements(),
            Math.max(1, limits.maxPreparedStatements() / 4),
            limits.preparedStatementIdle(),
            System::nanoTime);
  }

  // ---- dispatch: malformed requests get Sheaf's error, the rest go to Arrow's dispatch

  @Override
  public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    try {
      FlightSqlMessages.require(
          descriptor.isCommand() ? descriptor.getCommand() : new byte[0], "command");
    } catch (RuntimeException e) {
      throw FlightErrors.toFlight(e);
    }
    return super.getFlightInfo(context, descriptor);
  }

  /** {@value #LOGOUT} ends the caller's tokens; other actions are Flight SQL's. */
  @Override
  public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
    if (!LOGOUT.equals(action.getType())) {
      try {
        super.doAction(context, action, listener);
      } catch (FlightRuntimeException e) {
        throw FlightErrors.fromArrow(e);
      }
      return;
    }
    try {
      if (tokens == null) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot log out: this server has no users (it serves clients without logins)");
      }
      int revoked = tokens.revoke(context.peerIdentity());
      listener.onNext(new Result(Integer.toString(revoked).getBytes(StandardCharsets.US_ASCII)));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.toFlight(e));
    }
  }

  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    try {
      FlightSqlMessages.require(ticket.getBytes(), "ticket");
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
      return;
    }
    try {
      super.getStream(context, ticket, listener);
    } catch (FlightRuntimeException e) {
      listener.error(FlightErrors.fromArrow(e));
    }
  }

  @Override
  public Runnable acceptPut(
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
    try {
      FlightSqlMessages.require(flightStream.getDescriptor().getCommand(), "command");
      return super.acceptPut(context, flightStream, ackStream);
    } catch (FlightRuntimeException e) {
      throw FlightErrors.fromArrow(e);
    } catch (RuntimeException e) {
      throw FlightErrors.toFlight(e);
    }
  }

  // ---- ad-hoc statements

  @Override
  public FlightInfo getFlightInfoStatement(
      FlightSql.CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    try {
      String sql = command.getQuery();
      PreparedInfo info = engine.prepare(sql);
      if (!info.returnsRows()) {
        update(context.peerIdentity(), sql, List.of());
        return emptyResult(descriptor);
      }
      int partitions = CallHeaders.partitions(context);
      if (partitions == 1 || info.columns().isEmpty() || !partitionable(sql)) {
        Ticket ticket = statementTicket(new StatementHandle(sql, -1), context);
        return new FlightInfo(
            schema(info.columns()), descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
      }
      return partitionedInfo(sql, partitions, context, descriptor);
    } catch (RuntimeException e) {
      throw FlightErrors.toFlight(e);
    }
  }

  /** Only plain queries split into partitions; EXPLAIN, SHOW and DESCRIBE come whole. */
  private static boolean partitionable(String sql) {
    String start = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
    return start.startsWith("SELECT") || start.startsWith("WITH") || start.startsWith("(");
  }

  /**
   * N endpoints, each a self-contained ticket for one part of the rows: row windows of one pinned
   * snapshot when the query splits at its scan (the schema's metadata names the snapshot, {@code
   * sheaf.snapshot.*}), else row ranges of the query's result, computed now and kept ({@code
   * sheaf.result.id}, {@code sheaf.result.rows}; parts in index order keep the result's order, and
   * their row counts are always given). With {@code countRows} (header {@code sheaf-partition-rows:
   * true}) each endpoint's app_metadata holds its row count as ASCII digits, and the FlightInfo the
   * total: what a client needs to balance partitions.
   */
  private FlightInfo partitionedInfo(
      String sql, int partitions, CallContext context, FlightDescriptor descriptor) {
    boolean countRows = CallHeaders.partitionRows(context);
    MediaOnError onError = CallHeaders.mediaOnError(context);
    PartitionPlan plan = engine.partition(sql, partitions, new AtomicBoolean(), onError);
    Map<String, String> metadata = new java.util.HashMap<>();
    List<FlightEndpoint> endpoints = new ArrayList<>();
    long total = -1;
    if (plan.kept() != null) {
      // computed once and kept: every partition's rows are known, so they are always counted
      KeptResult kept = plan.kept();
      metadata.put("sheaf.result.id", kept.id());
      metadata.put("sheaf.result.rows", Long.toString(kept.rows()));
      total = kept.rows();
      for (int i = 0; i < plan.partitions(); i++) {
        RowWindow window = new RowWindow(i, plan.partitions());
        endpoints.add(
            FlightEndpoint.builder(
                    statementTicket(StatementHandle.kept(sql, kept.id(), window), context))
                .setAppMetadata(
                    Long.toString(kept.partitionRows(i, plan.partitions()))
                        .getBytes(StandardCharsets.US_ASCII))
                .build());
      }
    } else if (plan.pin() == null) {
      endpoints.add(new FlightEndpoint(statementTicket(new StatementHandle(sql, -1), context)));
    } else {
      TablePin pin = plan.pin();
      metadata.put("sheaf.snapshot.table", pin.schema() + "." + pin.table());
      metadata.put("sheaf.snapshot.id", Long.toString(pin.snapshotId()));
      metadata.put("sheaf.snapshot.version", Long.toString(plan.version()));
      total = countRows ? 0 : -1;
      for (int i = 0; i < plan.partitions(); i++) {
        RowWindow window = new RowWindow(i, plan.partitions());
        FlightEndpoint.Builder endpoint =
            FlightEndpoint.builder(
                statementTicket(new StatementHandle(sql, -1, pin, window), context));
        if (countRows) {
          long rows =
              PartitionRows.count(
                  engine.executePartition(
                      PartitionRows.countingQuery(sql), pin, window, new AtomicBoolean(), onError));
          endpoint.setAppMetadata(Long.toString(rows).getBytes(StandardCharsets.US_ASCII));
          total += rows;
        }
        endpoints.add(endpoint.build());
      }
    }
    metadata.put("sheaf.partitions", Integer.toString(endpoints.size()));
    Schema schema = new Schema(schema(plan.columns()).getFields(), metadata);
    return new FlightInfo(schema, descriptor, endpoints, -1, total);
  }

  /** A ticket for a statement handle, signed for the caller it is issued to. */
  private Ticket statementTicket(StatementHandle handle, CallContext context) {
    return ticket(
        FlightSql.TicketStatementQuery.newBuilder()
            .setStatementHandle(
                ByteString.copyFrom(tickets.sign(handle.encode(), context.peerIdentity())))
            .build());
  }

  @Override
  public SchemaResult getSchemaStatement(
      FlightSql.CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    try {
      return new SchemaResult(schema(engine.prepare(command.getQuery()).columns()));
    } catch (RuntimeException e) {
      throw FlightErrors.toFlight(e);
    }
  }

  @Override
  public void getStreamStatement(
      FlightSql.TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    AtomicBoolean cancel = new AtomicBoolean();
    try (QueryCancellation.Registration registration =
        running.register(Any.pack(ticket).toByteArray(), context.peerIdentity(), cancel)) {
      StatementHandle handle =
          StatementHandle.decode(
              tickets.verify(ticket.getStatementHandle().toByteArray(), context.peerIdentity()));
      if (handle.pin() != null) {
        ArrowStreams.send(
            engine.executePartition(
                handle.sql(),
                handle.pin(),
                handle.window(),
                cancel,
                CallHeaders.mediaOnError(context)),
            listener,
            cancel);
        return;
      }
      if (handle.resultId() != null) {
        ArrowStreams.send(engine.executeKept(handle.resultId(), handle.window()), listener, cancel);
        return;
      }
      List<Object> parameters = List.of();
      boolean returnsRows;
      if (handle.preparedId() >= 0) {
        Statement statement = prepared.get(context.peerIdentity(), handle.preparedId());
        parameters = firstRow(statement.parameters());
        returnsRows = statement.info().returnsRows();
      } else {
        returnsRows = engine.prepare(handle.sql()).returnsRows();
      }
      if (!returnsRows) {
        // refused before it runs: a stream never executes a statement that writes
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot stream the statement: it returns no rows (send it as an update)");
      }
      StatementResult result =
          engine.execute(handle.sql(), parameters, cancel, CallHeaders.mediaOnError(context));
      if (!result.isQuery()) {
        result.close();
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot stream the statement: it returns no rows (send it as an update)");
      }
      ArrowStreams.send(result, listener, cancel);
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
    }
  }

  @Override
  public Runnable acceptPutStatement(
      FlightSql.CommandStatementUpdate command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        long count = update(context.peerIdentity(), command.getQuery(), List.of());
        sendUpdateCount(ackStream, count);
      } catch (RuntimeException e) {
        ackStream.onError(FlightErrors.toFlight(e));
      }
    };
  }

  // ---- bulk ingest (what ADBC's adbc_ingest sends)

  @Override
  public Runnable acceptPutStatementBulkIngest(
      FlightSql.CommandStatementIngest command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> {
      try (FlightStreamReader batches = new FlightStreamReader(allocator, flightStream)) {
        if (command.getTemporary()) {
          throw SheafException.of(
              ErrorCode.NOT_SUPPORTED, "Cannot ingest into a temporary table: Sheaf has none");
        }
        TableIngest.Mode mode = IngestModes.of(command.getTableDefinitionOptions());
        boolean defines = mode != TableIngest.Mode.APPEND;
        long count;
        try {
          count =
              engine.ingest(
                  command.hasSchema() ? command.getSchema() : null,
                  command.getTable(),
                  batches,
                  mode);
        } catch (RuntimeException e) {
          if (defines) {
            StatementLog.ingested(context.peerIdentity(), command.getTable(), mode.name(), e);
          }
          throw e;
        }
        if (defines) {
          StatementLog.ingested(context.peerIdentity(), command.getTable(), mode.name(), null);
        }
        sendUpdateCount(ackStream, count);
      } catch (Exception e) {
        ackStream.onError(FlightErrors.toFlight(e));
      }
    };
  }

  // ---- prepared statements

  @Override
  public void createPreparedStatement(
      FlightSql.ActionCreatePreparedStatementRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    try {
      String sql = request.getQuery();
      PreparedInfo info = engine.prepare(sql);
      long id = prepared.add(context.peerIdentity(), sql, info);
      List<Field> parameterFields = new ArrayList<>();
      for (int i = 0; i < info.parameters().size(); i++) {
        parameterFields.add(
            ArrowTypes.field("parameter_" + (i + 1), info.parameters().get(i), true));
      }
      FlightSql.ActionCreatePreparedStatementResult.Builder result =
          FlightSql.ActionCreatePreparedStatementResult.newBuilder()
              .setPreparedStatementHandle(ByteString.copyFrom(longBytes(id)))
              .setParameterSchema(
                  ByteString.copyFrom(ArrowStreams.serialize(new Schema(parameterFields))));
      if (info.returnsRows()) {
        result.setDatasetSchema(
            ByteString.copyFrom(ArrowStreams.serialize(schema(info.columns()))));
      }
      listener.onNext(new Result(Any.pack(result.build()).toByteArray()));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.toFlight(e));
    }
  }

  @Override
  public void closePreparedStatement(
      FlightSql.ActionClosePreparedStatementRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    try {
      prepared.remove(context.peerIdentity(), id(request.getPreparedStatementHandle()));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.toFlight(e));
    }
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command,
      CallContext context,
      FlightDescriptor descriptor) {
    try {
      long id = id(command.getPreparedStatementHandle());
      Statement statement = prepared.get(context.peerIdentity(), id);
      if (!statement.info().returnsRows()) {
        updateAll(context.peerIdentity(), statement);
        return emptyResult(descriptor);
      }
      int partitions = CallHeaders.partitions(context);
      if (partitions > 1
          && statement.info().parameters().isEmpty()
          && partitionable(statement.sql())) {
        return partitionedInfo(statement.sql(), partitions, context, descriptor);
      }
      Ticket ticket = statementTicket(new StatementHandle(statement.sql(), id), context);
      return new FlightInfo(
          schema(statement.info().columns()),
          descriptor,
          List.of(new FlightEndpoint(ticket)),
          -1,
          -1);
    } catch (RuntimeException e) {
      throw FlightErrors.toFlight(e);
    }
  }

  @Override
  public void getStreamPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command,
      CallContext context,
      ServerStreamListener listener) {
    AtomicBoolean cancel = new AtomicBoolean();
    try {
      Statement statement =
          prepared.get(context.peerIdentity(), id(command.getPreparedStatementHandle()));
      ArrowStreams.send(
          engine.execute(
              statement.sql(),
              firstRow(statement.parameters()),
              cancel,
              CallHeaders.mediaOnError(context)),
          listener,
          cancel);
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
    }
  }

  @Override
  public Runnable acceptPutPreparedStatementQuery(
      FlightSql.CommandPreparedStatementQuery command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        long id = id(command.getPreparedStatementHandle());
        prepared.get(context.peerIdentity(), id);
        prepared.bind(context.peerIdentity(), id, ParameterRows.read(flightStream));
        ackStream.onCompleted();
      } catch (RuntimeException e) {
        ackStream.onError(FlightErrors.toFlight(e));
      }
    };
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(
      FlightSql.CommandPreparedStatementUpdate command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        Statement statement =
            prepared.get(context.peerIdentity(), id(command.getPreparedStatementHandle()));
        List<List<Object>> rows = ParameterRows.read(flightStream);
        sendUpdateCount(
            ackStream, updateAll(context.peerIdentity(), statement.withParameters(rows)));
      } catch (RuntimeException e) {
        ackStream.onError(FlightErrors.toFlight(e));
      }
    };
  }

  // ---- metadata

  @Override
  public void getStreamSqlInfo(
      FlightSql.CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
    sqlInfo.send(command.getInfoList(), listener);
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    metadata.catalogs(listener);
  }

  @Override
  public void getStreamSchemas(
      FlightSql.CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
    streaming(
        listener,
        () ->
            metadata.schemas(
                listener,
                command.hasCatalog() ? command.getCatalog() : null,
                command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null));
  }

  @Override
  public void getStreamTables(
      FlightSql.CommandGetTables command, CallContext context, ServerStreamListener listener) {
    streaming(
        listener,
        () ->
            metadata.tables(
                listener,
                command.hasCatalog() ? command.getCatalog() : null,
                command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null,
                command.hasTableNameFilterPattern() ? command.getTableNameFilterPattern() : null,
                command.getTableTypesList(),
                command.getIncludeSchema()));
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    metadata.tableTypes(listener);
  }

  @Override
  public void getStreamPrimaryKeys(
      FlightSql.CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
    streaming(
        listener,
        () ->
            metadata.primaryKeys(
                listener,
                command.hasCatalog() ? command.getCatalog() : null,
                command.hasDbSchema() ? command.getDbSchema() : null,
                command.getTable()));
  }

  @Override
  public void getStreamExportedKeys(
      FlightSql.CommandGetExportedKeys command,
      CallContext context,
      ServerStreamListener listener) {
    metadata.emptyKeys(listener, Schemas.GET_EXPORTED_KEYS_SCHEMA);
  }

  @Override
  public void getStreamImportedKeys(
      FlightSql.CommandGetImportedKeys command,
      CallContext context,
      ServerStreamListener listener) {
    metadata.emptyKeys(listener, Schemas.GET_IMPORTED_KEYS_SCHEMA);
  }

  @Override
  public void getStreamCrossReference(
      FlightSql.CommandGetCrossReference command,
      CallContext context,
      ServerStreamListener listener) {
    metadata.emptyKeys(listener, Schemas.GET_CROSS_REFERENCE_SCHEMA);
  }

  @Override
  public void getStreamTypeInfo(
      FlightSql.CommandGetXdbcTypeInfo request,
      CallContext context,
      ServerStreamListener listener) {
    streaming(
        listener,
        () ->
            XdbcTypeInfo.send(
                listener, allocator, request.hasDataType() ? request.getDataType() : null));
  }

  // ---- cancellation and transactions

  @Override
  public void cancelFlightInfo(
      CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
    listener.onNext(running.cancel(request.getInfo(), context.peerIdentity()));
    listener.onCompleted();
  }

  @Override
  @SuppressWarnings("deprecation") // ActionCancelQuery: what clients before CancelFlightInfo send
  public void cancelQuery(
      FlightInfo info, CallContext context, StreamListener<CancelResult> listener) {
    CancelStatus status = running.cancel(info, context.peerIdentity());
    listener.onNext(
        status == CancelStatus.CANCELLED ? CancelResult.CANCELLED : CancelResult.NOT_CANCELLABLE);
    listener.onCompleted();
  }

  @Override
  public void beginTransaction(
      FlightSql.ActionBeginTransactionRequest request,
      CallContext context,
      StreamListener<FlightSql.ActionBeginTransactionResult> listener) {
    listener.onError(Transactions.unsupported("begin a transaction"));
  }

  @Override
  public void endTransaction(
      FlightSql.ActionEndTransactionRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    listener.onError(Transactions.unsupported("end a transaction"));
  }

  @Override
  public void beginSavepoint(
      FlightSql.ActionBeginSavepointRequest request,
      CallContext context,
      StreamListener<FlightSql.ActionBeginSavepointResult> listener) {
    listener.onError(Transactions.unsupported("create a savepoint"));
  }

  @Override
  public void endSavepoint(
      FlightSql.ActionEndSavepointRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    listener.onError(Transactions.unsupported("end a savepoint"));
  }

  @Override
  protected <T extends Message> List<FlightEndpoint> determineEndpoints(
      T request, FlightDescriptor descriptor, Schema schema) {
    return List.of(new FlightEndpoint(new Ticket(Any.pack(request).toByteArray())));
  }

  /** How many prepared statements clients hold open now. */
  public int openPreparedStatements() {
    return prepared.size();
  }

  /**
   * Cancels every running stream (at shutdown) and waits up to {@code seconds} for them to end;
   * returns how many still run.
   */
  public int cancelRunning(long seconds) throws InterruptedException {
    int before = running.size();
    running.cancelAll();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (running.size() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    if (before > 0) {
      org.slf4j.LoggerFactory.getLogger(SheafFlightSqlProducer.class)
          .info("Cancelled {} running streams; {} still running", before, running.size());
    }
    return running.size();
  }

  @Override
  public void close() {
    running.cancelAll();
    prepared.clear();
  }

  // ---- helpers

  /** Runs a stream's body, sending any failure to the client as a Flight error. */
  private static void streaming(ServerStreamListener listener, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException e) {
      listener.error(FlightErrors.toFlight(e));
    }
  }

  /**
   * Statements that return no rows run when a client asks for their FlightInfo (ADBC and pyarrow
   * send DDL and DML that way); the result has no columns and no endpoints.
   */
  private static FlightInfo emptyResult(FlightDescriptor descriptor) {
    return new FlightInfo(new Schema(List.of()), descriptor, List.of(), -1, -1);
  }

  /**
   * Runs an update once per bound parameter row (a JDBC batch, an ADBC executemany), or once
   * without parameters. A write bound to many rows commits one version.
   */
  private long updateAll(String caller, Statement statement) {
    if (statement.parameters().size() <= 1) {
      return update(caller, statement.sql(), firstRow(statement.parameters()));
    }
    return engine.executeBatch(statement.sql(), statement.parameters(), new AtomicBoolean());
  }

  /** Runs one update for {@code caller}; DDL is logged with the caller ({@link StatementLog}). */
  private long update(String caller, String sql, List<Object> parameters) {
    boolean definition = StatementLog.isDefinition(sql);
    try (StatementResult result = engine.execute(sql, parameters, new AtomicBoolean())) {
      if (result.isQuery()) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot run a query as an update: it returns rows (execute it as a query)");
      }
      if (definition) {
        StatementLog.ran(caller, sql, null);
      }
      return Math.max(0, result.updateCount());
    } catch (RuntimeException e) {
      if (definition) {
        StatementLog.ran(caller, sql, e);
      }
      throw e;
    }
  }

  private void sendUpdateCount(StreamListener<PutResult> ackStream, long count) {
    FlightSql.DoPutUpdateResult update =
        FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(count).build();
    byte[] bytes = update.toByteArray();
    try (ArrowBuf buffer = allocator.buffer(bytes.length)) {
      buffer.writeBytes(bytes);
      ackStream.onNext(PutResult.metadata(buffer));
    }
    ackStream.onCompleted();
  }

  private static List<Object> firstRow(List<List<Object>> rows) {
    return rows.isEmpty() ? List.of() : rows.get(0);
  }

  static Schema schema(List<ResultColumn> columns) {
    List<Field> fields = new ArrayList<>();
    for (ResultColumn column : columns) {
      fields.add(column.field());
    }
    return new Schema(fields);
  }

  private static Ticket ticket(Message message) {
    return new Ticket(Any.pack(message).toByteArray());
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  private static long id(ByteString handle) {
    if (handle.size() != Long.BYTES) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT, "Cannot use the prepared statement: its handle is malformed");
    }
    return ByteBuffer.wrap(handle.toByteArray()).getLong();
  }
}
