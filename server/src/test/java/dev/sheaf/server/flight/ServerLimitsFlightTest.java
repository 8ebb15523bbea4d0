package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.server.SheafServer;
import dev.sheaf.server.config.ServerConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with a small memory budget, few threads and few prepared statements. */
class ServerLimitsFlightTest {
  @TempDir static Path directory;
  private static SheafServer server;
  private static BufferAllocator allocator;
  private static FlightSqlClient sql;

  @BeforeAll
  static void start() {
    server =
        SheafServer.start(
            ServerConfigLoader.build(
                Map.of(
                    "port", "0",
                    "data-dir", directory.toString(),
                    "memory-budget", "2m",
                    "executor-threads", "8",
                    "max-prepared-statements", "2",
                    "max-message-bytes", "1m")));
    allocator = new RootAllocator();
    sql =
        new FlightSqlClient(
            FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
                .build());
    FlightSqlProtocolTest.createNumbers(sql, 10);
  }

  @AfterAll
  static void stop() throws Exception {
    sql.close();
    allocator.close();
    server.close();
  }

  @Test
  void aQueryOverTheBudgetFailsAndTheServerKeepsServing() throws Exception {
    // 65,536-row batches of eight BIGINT columns: 4 MB each, over the 2 MB budget
    FlightInfo info =
        sql.execute(
            "SELECT a.n * 1024 + b.n AS c1, a.n + 1 AS c2, a.n + 2 AS c3, a.n + 3 AS c4,"
                + " b.n + 4 AS c5, b.n + 5 AS c6, b.n + 6 AS c7, b.n + 7 AS c8"
                + " FROM numbers a, numbers b");
    assertThatThrownBy(() -> drain(info))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
              assertThat(e.status().metadata().get(FlightErrors.CODE_KEY))
                  .isEqualTo("OUT_OF_MEMORY");
              assertThat(e.getMessage()).contains("memory-budget");
            });
    FlightSqlProtocolTest.awaitNoArrowMemory(server);
    assertThat(rows(sql.execute("SELECT n FROM numbers WHERE n <= 10"))).isEqualTo(10);
  }

  @Test
  void preparedStatementsAreLimitedAndClosingMakesRoom() {
    try (FlightSqlClient.PreparedStatement first = sql.prepare("SELECT 1");
        FlightSqlClient.PreparedStatement second = sql.prepare("SELECT 2")) {
      assertThatThrownBy(() -> sql.prepare("SELECT 3"))
          .isInstanceOfSatisfying(
              FlightRuntimeException.class,
              e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
                assertThat(e.getMessage()).contains("max-prepared-statements");
              });
      assertThat(first.getResultSetSchema().getFields()).hasSize(1);
      assertThat(second.getResultSetSchema().getFields()).hasSize(1);
    }
    try (FlightSqlClient.PreparedStatement third = sql.prepare("SELECT 3")) {
      assertThat(third.getResultSetSchema().getFields()).hasSize(1);
    }
  }

  @Test
  void anOversizedRequestIsRefusedAndTheServerKeepsServing() throws Exception {
    String huge = "SELECT '" + "x".repeat(2 << 20) + "' AS big";
    assertThatThrownBy(() -> sql.execute(huge))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED));
    assertThat(rows(sql.execute("SELECT n FROM numbers WHERE n <= 3"))).isEqualTo(3);
  }

  private static void drain(FlightInfo info) throws Exception {
    FlightSqlProtocolTest.drain(sql.getStream(info.getEndpoints().get(0).getTicket()));
  }

  private static long rows(FlightInfo info) throws Exception {
    long rows = 0;
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
    }
    return rows;
  }
}
