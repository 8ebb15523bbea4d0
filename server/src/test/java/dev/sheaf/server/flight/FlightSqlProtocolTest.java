package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.sheaf.server.SheafServer;
import dev.sheaf.server.config.ServerConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.CancelResult;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flight SQL protocol beyond statements, from Arrow's own Flight SQL client: type info,
 * cancellation, clients that go away, transactions, malformed requests.
 */
class FlightSqlProtocolTest {
  /** A query that would run for hours: 1024^3 rows from the row engine. */
  static final String ENDLESS =
      "SELECT a.n * 1000000 + b.n * 1000 + c.n AS v FROM numbers a, numbers b, numbers c";

  @TempDir static Path directory;
  private static SheafServer server;
  private static BufferAllocator allocator;
  private static FlightClient client;
  private static FlightSqlClient sql;

  @BeforeAll
  static void start() {
    server =
        SheafServer.start(
            ServerConfigLoader.build(Map.of("port", "0", "data-dir", directory.toString())));
    allocator = new RootAllocator();
    client =
        FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
            .build();
    sql = new FlightSqlClient(client);
    createNumbers(sql, 10);
  }

  /** Table {@code numbers} with 2^doublings rows, n = 1, 2, 3, ... */
  static void createNumbers(FlightSqlClient sql, int doublings) {
    sql.executeUpdate("CREATE TABLE numbers AS SELECT * FROM (VALUES (1)) AS t(n)");
    for (int round = 0; round < doublings; round++) {
      sql.executeUpdate("INSERT INTO numbers SELECT n + (SELECT max(n) FROM numbers) FROM numbers");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    sql.close();
    allocator.close();
    server.close();
  }

  @Test
  void typeInfoListsEverySheafTypeWithItsJdbcCode() throws Exception {
    List<List<Object>> rows =
        read(sql.getXdbcTypeInfo(), "type_name", "data_type", "create_params");
    assertThat(rows)
        .extracting(row -> row.get(0).toString())
        .containsExactlyInAnyOrder(
            "BOOLEAN",
            "INTEGER",
            "BIGINT",
            "REAL",
            "DOUBLE",
            "DECIMAL",
            "VARCHAR",
            "DATE",
            "TIMESTAMP",
            "TIMESTAMP WITH LOCAL TIME ZONE",
            "VARBINARY",
            "JSON",
            "VECTOR",
            "IMAGE",
            "VIDEO",
            "AUDIO",
            "DOCUMENT",
            "TINYINT",
            "SMALLINT",
            "FLOAT",
            "CHAR",
            "BINARY");
    assertThat(rows).extracting(row -> (Integer) row.get(1)).isSorted();
    assertThat(rows)
        .contains(
            List.of("INTEGER", Types.INTEGER, "null"),
            List.of("BIGINT", Types.BIGINT, "null"),
            List.of("DECIMAL", Types.DECIMAL, "[\"precision\",\"scale\"]"),
            List.of("VECTOR", Types.ARRAY, "[\"dimension\"]"),
            List.of("TIMESTAMP", Types.TIMESTAMP, "null"));

    for (List<Object> row : rows) {
      String name = row.get(0).toString();
      String declared =
          switch (name) {
            case "DECIMAL" -> "DECIMAL(10, 2)";
            case "VECTOR" -> "VECTOR(4)";
            default -> name;
          };
      String table = "typed_" + name.replace(' ', '_').toLowerCase(java.util.Locale.ROOT);
      sql.executeUpdate("CREATE TABLE " + table + " (c " + declared + ")");
      sql.executeUpdate("DROP TABLE " + table);
    }

    List<List<Object>> text = read(sql.getXdbcTypeInfo(Types.VARCHAR), "type_name", "data_type");
    assertThat(text)
        .extracting(row -> row.get(0).toString())
        .containsExactlyInAnyOrder("VARCHAR", "JSON", "IMAGE", "VIDEO", "AUDIO", "DOCUMENT");
    assertThat(read(sql.getXdbcTypeInfo(Types.NCLOB), "type_name")).isEmpty();
  }

  @Test
  void cancelFlightInfoStopsARunningQueryAndReleasesItsBuffers() throws Exception {
    FlightInfo info = sql.execute(ENDLESS);
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      assertThat(stream.next()).isTrue();
      assertThat(sql.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus())
          .isEqualTo(CancelStatus.CANCELLED);
      assertThatThrownBy(() -> drain(stream))
          .isInstanceOfSatisfying(
              FlightRuntimeException.class,
              e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.CANCELLED);
                assertThat(e.status().metadata().get(FlightErrors.CODE_KEY)).isEqualTo("CANCELLED");
              });
    }
    awaitNoArrowMemory();
    assertThat(sql.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus())
        .isEqualTo(CancelStatus.NOT_CANCELLABLE);
  }

  @Test
  @SuppressWarnings("deprecation")
  void theOlderCancelQueryActionAlsoCancels() throws Exception {
    FlightInfo info = sql.execute(ENDLESS);
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      assertThat(stream.next()).isTrue();
      assertThat(sql.cancelQuery(info)).isEqualTo(CancelResult.CANCELLED);
      assertThatThrownBy(() -> drain(stream)).isInstanceOf(FlightRuntimeException.class);
    }
    awaitNoArrowMemory();
  }

  @Test
  void batchesKeepTheirValuesWhileTheClientLags() throws Exception {
    FlightInfo info = sql.execute("SELECT n FROM numbers");
    java.util.Set<Long> seen = new java.util.HashSet<>();
    int batches = 0;
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      Thread.sleep(300); // the server loads the next batches while earlier ones wait unsent
      while (stream.next()) {
        batches++;
        VectorSchemaRoot root = stream.getRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          seen.add(((Number) root.getVector(0).getObject(i)).longValue());
        }
      }
    }
    assertThat(batches).isGreaterThan(1);
    assertThat(seen).hasSize(1024).allMatch(n -> n >= 1 && n <= 1024);
    awaitNoArrowMemory();
  }

  @Test
  void aClientThatGoesAwayMidStreamStopsTheQuery() throws Exception {
    for (int i = 0; i < 3; i++) {
      FlightInfo info = sql.execute(ENDLESS);
      FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket());
      assertThat(stream.next()).isTrue();
      stream.cancel("the client went away", null);
      stream.close();
    }
    awaitNoArrowMemory();
    // the server still serves
    assertThat(read(sql.execute("SELECT count(*) AS c FROM numbers"), "c"))
        .containsExactly(List.of(1024L));
  }

  @Test
  void transactionsAnswerNotSupported() {
    assertThatThrownBy(() -> sql.beginTransaction())
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNIMPLEMENTED);
              assertThat(e.status().metadata().get(FlightErrors.CODE_KEY))
                  .isEqualTo("NOT_SUPPORTED");
              assertThat(e.getMessage()).contains("Cannot begin a transaction").contains("(");
            });
    assertThatThrownBy(() -> sql.beginSavepoint(new FlightSqlClient.Transaction(new byte[8]), "s"))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> assertThat(e.getMessage()).contains("Cannot create a savepoint"));
    assertThatThrownBy(() -> sql.commit(new FlightSqlClient.Transaction(new byte[8])))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNIMPLEMENTED));
  }

  @Test
  void sqlInfoReportsNoTransactionsAndCancellation() throws Exception {
    FlightInfo info =
        sql.getSqlInfo(
            FlightSql.SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION,
            FlightSql.SqlInfo.FLIGHT_SQL_SERVER_CANCEL,
            FlightSql.SqlInfo.SQL_TRANSACTIONS_SUPPORTED);
    List<String> rows =
        read(info, "info_name", "value").stream().map(r -> r.get(0) + "=" + r.get(1)).toList();
    assertThat(rows)
        .containsExactlyInAnyOrder(
            FlightSql.SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION_VALUE
                + "="
                + FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE_VALUE,
            FlightSql.SqlInfo.FLIGHT_SQL_SERVER_CANCEL_VALUE + "=true",
            FlightSql.SqlInfo.SQL_TRANSACTIONS_SUPPORTED_VALUE + "=false");
  }

  @Test
  void malformedTicketsAndCommandsGetAClearError() {
    assertThatThrownBy(() -> drain(sql.getStream(new Ticket("garbage".getBytes()))))
        .isInstanceOfSatisfying(FlightRuntimeException.class, this::invalidArgument);
    Ticket badHandle =
        new Ticket(
            Any.pack(
                    FlightSql.TicketStatementQuery.newBuilder()
                        .setStatementHandle(ByteString.copyFromUtf8("not a handle"))
                        .build())
                .toByteArray());
    assertThatThrownBy(() -> drain(sql.getStream(badHandle)))
        .isInstanceOfSatisfying(FlightRuntimeException.class, this::invalidArgument);
    // a well-formed handle the client wrote itself is refused before anything runs
    Ticket crafted =
        new Ticket(
            Any.pack(
                    FlightSql.TicketStatementQuery.newBuilder()
                        .setStatementHandle(
                            ByteString.copyFrom(new StatementHandle("SELECT 1", -1).encode()))
                        .build())
                .toByteArray());
    assertThatThrownBy(() -> drain(sql.getStream(crafted)))
        .isInstanceOfSatisfying(FlightRuntimeException.class, this::invalidArgument);
    assertThatThrownBy(
            () ->
                client.getInfo(
                    FlightDescriptor.command("SELECT 1".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(FlightRuntimeException.class, this::invalidArgument);
    assertThatThrownBy(() -> client.getInfo(FlightDescriptor.path("numbers")))
        .isInstanceOfSatisfying(FlightRuntimeException.class, this::invalidArgument);
  }

  private void invalidArgument(FlightRuntimeException e) {
    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
    assertThat(e.status().metadata().get(FlightErrors.CODE_KEY)).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.getMessage()).containsAnyOf("Cannot read the", "did not issue it");
  }

  @Test
  void closingAPreparedStatementReleasesIt() {
    int before = server.openPreparedStatements();
    FlightSqlClient.PreparedStatement prepared = sql.prepare("SELECT n FROM numbers WHERE n = ?");
    assertThat(server.openPreparedStatements()).isEqualTo(before + 1);
    prepared.close();
    assertThat(server.openPreparedStatements()).isEqualTo(before);
  }

  /** Waits until the server holds no Arrow memory: every stream has ended and released all. */
  static void awaitNoArrowMemory(SheafServer server) throws InterruptedException {
    long deadline = System.nanoTime() + 180_000_000_000L; // a loaded 2-core machine is slow
    while (server.allocatedBytes() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.allocatedBytes()).as("Arrow bytes the server still holds").isZero();
  }

  private static void awaitNoArrowMemory() throws InterruptedException {
    awaitNoArrowMemory(server);
  }

  static void drain(FlightStream stream) throws Exception {
    try (stream) {
      while (stream.next()) {
        // read on
      }
    }
  }

  /** Reads the named columns of every endpoint's rows, values as Java objects (text as String). */
  static List<List<Object>> read(FlightInfo info, String... columns) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        VectorSchemaRoot root = stream.getRoot();
        for (int r = 0; r < root.getRowCount(); r++) {
          List<Object> row = new ArrayList<>();
          for (String column : columns) {
            Object value = root.getVector(column).getObject(r);
            row.add(
                value == null
                    ? "null"
                    : value instanceof Integer || value instanceof Long ? value : value.toString());
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
