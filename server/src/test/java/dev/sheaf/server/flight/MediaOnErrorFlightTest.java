package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.server.SheafServer;
import dev.sheaf.server.config.ServerConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A media cell that cannot be read is NULL over Flight by default, and fails the statement with its
 * code when the call asks {@code sheaf-media-on-error: abort}.
 */
class MediaOnErrorFlightTest {
  @TempDir static Path directory;
  private static SheafServer server;
  private static BufferAllocator allocator;
  private static FlightSqlClient sql;

  @BeforeAll
  static void start() {
    server =
        SheafServer.start(
            ServerConfigLoader.build(Map.of("port", "0", "data-dir", directory.toString())));
    allocator = new RootAllocator();
    sql =
        new FlightSqlClient(
            FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
                .build());
    sql.executeUpdate("CREATE TABLE pictures (id INTEGER, img IMAGE)");
    sql.executeUpdate("ALTER TABLE pictures SET ('media_validation' = 'on_read')");
    sql.executeUpdate(
        "INSERT INTO pictures VALUES (1, '" + directory.resolve("gone.png").toUri() + "')");
  }

  @AfterAll
  static void stop() throws Exception {
    sql.close();
    allocator.close();
    server.close();
  }

  @Test
  void aBadCellIsNullUnlessTheCallAsksToAbort() throws Exception {
    assertThat(widths(sql.execute("SELECT width(img) FROM pictures")))
        .containsExactly((Integer) null);
    FlightCallHeaders headers = new FlightCallHeaders();
    headers.insert("sheaf-media-on-error", "abort");
    CallOption abort = new HeaderCallOption(headers);
    FlightInfo info = sql.execute("SELECT width(img) FROM pictures", abort);
    assertThatThrownBy(() -> widths(info, abort))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e ->
                assertThat(e.status().metadata().get(FlightErrors.CODE_KEY))
                    .isEqualTo("MEDIA_NOT_FOUND"));
    FlightCallHeaders bad = new FlightCallHeaders();
    bad.insert("sheaf-media-on-error", "sometimes");
    assertThatThrownBy(
            () -> widths(sql.execute("SELECT width(img) FROM pictures"), new HeaderCallOption(bad)))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> assertThat(e.getMessage()).contains("media-on-error"));
    FlightSqlProtocolTest.awaitNoArrowMemory(server);
  }

  private static List<Integer> widths(FlightInfo info, CallOption... options) throws Exception {
    List<Integer> values = new ArrayList<>();
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), options)) {
      while (stream.next()) {
        IntVector vector = (IntVector) stream.getRoot().getVector(0);
        for (int r = 0; r < stream.getRoot().getRowCount(); r++) {
          values.add(vector.getObject(r));
        }
      }
    }
    return values;
  }
}
