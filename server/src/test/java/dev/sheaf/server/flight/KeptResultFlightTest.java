package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.server.SheafServer;
import dev.sheaf.server.config.ServerConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries that do not split at their scan, read as partitions over Flight: N endpoints of a kept
 * result with their row counts, in the result's order, and RESULT_EXPIRED (NOT_FOUND) once the
 * result's time to live has passed.
 */
class KeptResultFlightTest {
  @TempDir static Path directory;
  private static SheafServer server;
  private static BufferAllocator allocator;
  private static FlightSqlClient sql;

  @BeforeAll
  static void start() {
    server =
        SheafServer.start(
            ServerConfigLoader.build(
                Map.of("port", "0", "data-dir", directory.toString(), "kept-result-ttl", "3")));
    allocator = new RootAllocator();
    sql =
        new FlightSqlClient(
            FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port()))
                .build());
    FlightSqlProtocolTest.createNumbers(sql, 8);
  }

  @AfterAll
  static void stop() throws Exception {
    sql.close();
    allocator.close();
    server.close();
  }

  private static FlightInfo partitioned(String query, int partitions) {
    FlightCallHeaders headers = new FlightCallHeaders();
    headers.insert("sheaf-partitions", Integer.toString(partitions));
    return sql.execute(query, new HeaderCallOption(headers));
  }

  @Test
  void aSortedQueryComesAsOrderedPartitionsOfAKeptResult() throws Exception {
    FlightInfo info = partitioned("SELECT n FROM numbers ORDER BY n DESC", 5);
    assertThat(info.getEndpoints()).hasSize(5);
    assertThat(info.getRecords()).isEqualTo(256);
    assertThat(info.getSchemaOptional().orElseThrow().getCustomMetadata())
        .containsEntry("sheaf.partitions", "5")
        .containsKey("sheaf.result.id");
    List<Long> values = new ArrayList<>();
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      List<Long> part = read(endpoint);
      assertThat(part)
          .hasSize(
              Integer.parseInt(new String(endpoint.getAppMetadata(), StandardCharsets.US_ASCII)));
      values.addAll(part);
    }
    List<Long> expected = new ArrayList<>();
    for (long n = 256; n >= 1; n--) {
      expected.add(n);
    }
    assertThat(values).isEqualTo(expected);

    FlightInfo counts =
        partitioned("SELECT n % 3 AS k, count(*) AS c FROM numbers GROUP BY n % 3", 2);
    long total = 0;
    for (FlightEndpoint endpoint : counts.getEndpoints()) {
      total += read(endpoint).stream().mapToLong(Long::longValue).sum();
    }
    assertThat(total).isEqualTo(256);

    // once its time to live has passed, a held ticket fails with RESULT_EXPIRED, never as empty
    Thread.sleep(3_500);
    assertThatThrownBy(() -> read(info.getEndpoints().get(0)))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND);
              assertThat(e.status().metadata().get(FlightErrors.CODE_KEY))
                  .isEqualTo("RESULT_EXPIRED");
              assertThat(e.getMessage()).contains("plan the query again");
            });
    FlightSqlProtocolTest.awaitNoArrowMemory(server);
  }

  @Test
  void splitQueriesCountTheirPartitionsFromTheSameWindows() throws Exception {
    FlightCallHeaders headers = new FlightCallHeaders();
    headers.insert("sheaf-partitions", "4");
    headers.insert("sheaf-partition-rows", "true");
    FlightInfo info =
        sql.execute(
            "SELECT n, upper(CAST(n AS VARCHAR)) AS s FROM numbers WHERE n % 3 = 0 -- a comment to the end\n",
            new HeaderCallOption(headers));
    assertThat(info.getSchemaOptional().orElseThrow().getCustomMetadata())
        .containsKey("sheaf.snapshot.id");
    assertThat(info.getEndpoints()).hasSize(4);
    assertThat(info.getRecords()).isEqualTo(85);
    long total = 0;
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      List<Long> part = read(endpoint.getTicket());
      assertThat(part)
          .hasSize(
              Integer.parseInt(new String(endpoint.getAppMetadata(), StandardCharsets.US_ASCII)));
      total += part.size();
    }
    assertThat(total).isEqualTo(85);
  }

  /** The last column of a partition's rows, as longs. */
  private static List<Long> read(FlightEndpoint endpoint) throws Exception {
    return read(endpoint.getTicket());
  }

  /** The first column of a ticket's rows (or the last, when that is a number), as longs. */
  private static List<Long> read(org.apache.arrow.flight.Ticket ticket) throws Exception {
    List<Long> values = new ArrayList<>();
    try (FlightStream stream = sql.getStream(ticket)) {
      while (stream.next()) {
        var vectors = stream.getRoot().getFieldVectors();
        var last = vectors.get(vectors.size() - 1);
        var vector =
            last instanceof IntVector || last instanceof BigIntVector ? last : vectors.get(0);
        for (int r = 0; r < stream.getRoot().getRowCount(); r++) {
          values.add(
              vector instanceof IntVector ints
                  ? (long) ints.get(r)
                  : ((BigIntVector) vector).get(r));
        }
      }
    }
    return values;
  }
}
