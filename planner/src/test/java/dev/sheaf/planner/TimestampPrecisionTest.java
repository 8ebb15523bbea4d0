package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Timestamps keep their microseconds through writes that Calcite's millisecond runtime sees. */
class TimestampPrecisionTest extends EngineTestCase {
  private static final long AT = 1_688_696_246_000_000L; // 2023-07-07 02:17:26 UTC

  private void events() {
    update("CREATE TABLE events (id INTEGER PRIMARY KEY, happened TIMESTAMP, label VARCHAR)");
    update(
        "INSERT INTO events VALUES (1, TIMESTAMP '2023-07-07 02:17:26.104357', 'a'),"
            + " (2, TIMESTAMP '2023-07-07 02:17:26.000001', 'b'), (3, NULL, 'c')");
  }

  /** By id; read without ORDER BY, which the vectorized scan serves from the stored vectors. */
  private List<Object> happened() {
    return query("SELECT id, happened FROM events").stream()
        .sorted(java.util.Comparator.comparing(r -> (Integer) r.get(0)))
        .map(r -> r.get(1))
        .toList();
  }

  @Test
  void insertedLiteralsKeepTheirMicroseconds() {
    events();
    assertThat(happened()).containsExactly(AT + 104_357, AT + 1, null);
    update(
        "INSERT INTO events (id, happened, label) VALUES (6, '2023-07-07 02:17:26.999999', 'g'),"
            + " (7, '2023-07-07 02:17:26', 'h')");
    update("INSERT INTO events VALUES (8, '2023-07-07 02:17:26.000003', 'i')");
    assertThat(happened().subList(3, 6)).containsExactly(AT + 999_999, AT, AT + 3);
    update("DELETE FROM events WHERE id >= 6");
    update(
        "INSERT INTO events SELECT 4, TIMESTAMP '2023-07-07 02:17:26.5', 'e' UNION ALL"
            + " SELECT 5, TIMESTAMP '2023-07-07 02:17:26.000042', 'f'");
    assertThat(happened()).containsExactly(AT + 104_357, AT + 1, null, AT + 500_000, AT + 42);
  }

  @Test
  void updatesKeepTheMicrosecondsOfColumnsTheyDoNotSet() {
    events();
    update("UPDATE events SET label = 'z'");
    assertThat(happened()).containsExactly(AT + 104_357, AT + 1, null);
    update("UPDATE events SET happened = TIMESTAMP '2023-07-07 02:17:26.000007' WHERE id = 3");
    assertThat(happened()).containsExactly(AT + 104_357, AT + 1, AT + 7);
    update(
        "MERGE INTO events t USING (VALUES (1, 'm'), (9, 'n')) AS s (id, label) ON t.id = s.id"
            + " WHEN MATCHED THEN UPDATE SET label = s.label"
            + " WHEN NOT MATCHED THEN INSERT (id, happened, label) VALUES (s.id, NULL, s.label)");
    assertThat(happened()).containsExactly(AT + 104_357, AT + 1, AT + 7, null);
    assertThat(query("SELECT label FROM events WHERE id = 1")).containsExactly(List.of("m"));
  }

  @Test
  void textInEveryIsoFormPostgresAcceptsIsReadExactly() {
    update(
        "CREATE TABLE zoned (id INTEGER, t TIMESTAMP WITH LOCAL TIME ZONE, d DATE, l TIMESTAMP)");
    update(
        "INSERT INTO zoned VALUES (1, '2024-06-01T12:00:00.123456+02:00', '2024-06-01',"
            + " '2024-06-01T12:00:00.654321+02:00'), (2, '2024-06-01 12:00:00', '2024-02-29',"
            + " '2024-06-01'), (3, '2024-06-01 12:00:00 +02:00', NULL, NULL)");
    List<List<Object>> rows =
        query("SELECT id, t, d, l FROM zoned").stream()
            .sorted(java.util.Comparator.comparing(r -> (Integer) r.get(0)))
            .toList();
    long noonUtc = 1_717_243_200_000_000L;
    long twoHours = 7_200_000_000L;
    assertThat(rows.get(0))
        .containsExactly(1, noonUtc - twoHours + 123_456, 19_875, noonUtc + 654_321);
    assertThat(rows.get(1)).containsExactly(2, noonUtc, 19_782, noonUtc - 43_200_000_000L);
    assertThat(rows.get(2).get(1)).isEqualTo(noonUtc - twoHours);
    update("UPDATE zoned SET t = '2024-06-01T12:00:00.000001Z', d = '2024-06-02' WHERE id = 3");
    assertThat(query("SELECT t, d FROM zoned WHERE id = 3").get(0))
        .containsExactly(noonUtc + 1, 19_876);
    for (String bad :
        List.of(
            "INSERT INTO zoned (id, d) VALUES (9, '2024-02-30')",
            "INSERT INTO zoned (id, d) VALUES (9, 'notadate')",
            "INSERT INTO zoned (id, t) VALUES (9, 'yesterday')",
            "UPDATE zoned SET l = '2024-13-01' WHERE id = 1")) {
      assertThatThrownBy(() -> update(bad))
          .isInstanceOfSatisfying(
              dev.sheaf.spi.error.SheafException.class,
              e -> assertThat(e.code()).isEqualTo(dev.sheaf.spi.error.ErrorCode.TYPE_MISMATCH));
    }
    assertThat(query("SELECT count(*) FROM zoned").get(0)).containsExactly(3L);
  }

  @Test
  void boundTimestampParametersKeepTheirMicroseconds() {
    update("CREATE TABLE bound (id INTEGER, t TIMESTAMP, z TIMESTAMP WITH LOCAL TIME ZONE)");
    java.time.LocalDateTime time = java.time.LocalDateTime.of(2023, 7, 7, 2, 17, 26, 104_357_000);
    try (var result =
        engine.execute(
            "INSERT INTO bound VALUES (?, ?, ?)",
            List.of(1, time, AT + 999_999),
            new java.util.concurrent.atomic.AtomicBoolean())) {
      assertThat(result.updateCount()).isEqualTo(1);
    }
    assertThat(query("SELECT t, z FROM bound WHERE id = 1").get(0))
        .containsExactly(AT + 104_357, AT + 999_999);
    try (var result =
        engine.execute(
            "UPDATE bound SET t = ? WHERE id = ?",
            List.of(time.plusNanos(1_000), 1),
            new java.util.concurrent.atomic.AtomicBoolean())) {
      assertThat(result.updateCount()).isEqualTo(1);
    }
    assertThat(query("SELECT t FROM bound WHERE id = 1").get(0)).containsExactly(AT + 104_358);
  }

  @Test
  void everyBindingOfABatchKeepsItsOwnMicroseconds() {
    update("CREATE TABLE batch (id INTEGER, t TIMESTAMP)");
    java.time.LocalDateTime time = java.time.LocalDateTime.of(2023, 7, 7, 2, 17, 26, 104_357_000);
    long count =
        engine.executeBatch(
            "INSERT INTO batch VALUES (?, ?)",
            List.of(List.of(1, time), List.of(2, time.plusNanos(2_000)), List.of(3, time)),
            new java.util.concurrent.atomic.AtomicBoolean());
    assertThat(count).isEqualTo(3);
    // read without ORDER BY: the row engine's sort holds timestamps as milliseconds (issue 17)
    assertThat(query("SELECT id, t FROM batch"))
        .containsExactlyInAnyOrder(
            List.of(1, AT + 104_357), List.of(2, AT + 104_359), List.of(3, AT + 104_357));

    engine.executeBatch(
        "UPDATE batch SET t = ? WHERE id = ?",
        List.of(List.of(time.plusNanos(5_000), 1), List.of(time.plusNanos(7_000), 3)),
        new java.util.concurrent.atomic.AtomicBoolean());
    assertThat(query("SELECT id, t FROM batch"))
        .containsExactlyInAnyOrder(
            List.of(1, AT + 104_362), List.of(2, AT + 104_359), List.of(3, AT + 104_364));
  }

  @Test
  void copiesAndFiltersKeepTheMicroseconds() {
    events();
    // a filter compares with every digit of the literal
    assertThat(
            query(
                "SELECT id FROM events WHERE happened > TIMESTAMP '2023-07-07 02:17:26.104356'"
                    + " AND happened < TIMESTAMP '2023-07-07 02:17:26.104358'"))
        .containsExactly(List.of(1));
    assertThat(
            query("SELECT id FROM events WHERE happened = TIMESTAMP '2023-07-07 02:17:26.000001'"))
        .containsExactly(List.of(2));
    // a day-time interval added on the vectors keeps them
    assertThat(
            query(
                "SELECT id, happened + INTERVAL '3' HOUR, happened - INTERVAL '90' MINUTE"
                    + " FROM events WHERE id = 1"))
        .containsExactly(
            List.of(1, AT + 104_357 + 3 * 3_600_000_000L, AT + 104_357 - 5_400_000_000L));
    // a query of literals reads them from their text
    assertThat(query("SELECT DATE '2024-02-29', TIMESTAMP '2024-02-29 13:14:15.123456', 'x', 2"))
        .containsExactly(List.of(19_782, 1_709_212_455_123_456L, "x", 2));
    // CREATE TABLE AS and INSERT ... SELECT copy the stored values
    update("CREATE TABLE copied AS SELECT id, happened FROM events WHERE id < 3");
    update("INSERT INTO copied SELECT id + 10, happened FROM events");
    assertThat(query("SELECT id, happened FROM copied ORDER BY id"))
        .containsExactly(
            List.of(1, AT + 104_357),
            List.of(2, AT + 1),
            List.of(11, AT + 104_357),
            List.of(12, AT + 1),
            java.util.Arrays.asList(13, null));
    // an aggregate or a join that is the whole query is copied as it runs, on Arrow
    update("CREATE TABLE latest AS SELECT label, MAX(happened) AS last FROM events GROUP BY label");
    assertThat(query("SELECT last FROM latest WHERE label = 'a'"))
        .containsExactly(List.of(AT + 104_357));
  }
}
