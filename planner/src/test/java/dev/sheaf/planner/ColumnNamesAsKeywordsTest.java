package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Column names people type unquoted (day, year, date, value, user...) work as in PostgreSQL. */
class ColumnNamesAsKeywordsTest extends EngineTestCase {
  /** A DATE as the engine's rows hold it: days since 1970-01-01. */
  private static int days(int year, int month, int day) {
    return (int) LocalDate.of(year, month, day).toEpochDay();
  }

  private void createSample() {
    update(
        "CREATE TABLE s (id BIGINT, day DATE, month INT, year INT, date DATE, time VARCHAR,"
            + " value DOUBLE, timestamp TIMESTAMP, user VARCHAR, position INT, hour INT,"
            + " minute INT, second INT, quarter INT, week INT)");
    update(
        "INSERT INTO s (id, day, month, year, date, time, value, timestamp, user, position)"
            + " VALUES (1, DATE '2024-03-01', 3, 2024, DATE '2024-03-02', '10:11:12', 1.5,"
            + " TIMESTAMP '2024-03-01 10:00:00', 'ann', 7),"
            + " (2, DATE '2023-01-01', 1, 2023, NULL, NULL, 2.5, NULL, 'bob', 8)");
  }

  @Test
  void keywordsNameColumnsUnquoted() {
    createSample();
    assertThat(query("SELECT day, value, user FROM s WHERE year = 2024"))
        .containsExactly(List.of(days(2024, 3, 1), 1.5, "ann"));
    assertThat(query("SELECT s.date, s.month, position, hour FROM s WHERE id = 2"))
        .containsExactly(java.util.Arrays.asList(null, 1, 8, null));
    assertThat(query("SELECT year, count(*) FROM s GROUP BY year ORDER BY year"))
        .containsExactly(List.of(2023, 1L), List.of(2024, 1L));
    assertThat(query("SELECT max(value) AS value FROM s")).containsExactly(List.of(2.5));
    assertThat(query("SELECT id FROM s WHERE timestamp IS NULL AND time IS NULL"))
        .containsExactly(List.of(2L));
    assertThat(query("SELECT id FROM s ORDER BY user DESC"))
        .containsExactly(List.of(2L), List.of(1L));
    update("UPDATE s SET value = value + 1, day = DATE '2020-01-01' WHERE user = 'bob'");
    assertThat(query("SELECT value, day FROM s WHERE id = 2"))
        .containsExactly(List.of(3.5, days(2020, 1, 1)));
  }

  @Test
  void keywordFormsStillParse() {
    createSample();
    assertThat(
            query(
                "SELECT DATE '2024-01-01', EXTRACT(YEAR FROM day), EXTRACT(DAY FROM date),"
                    + " POSITION('n' IN user), CAST(day AS DATE), year + 1 FROM s WHERE id = 1"))
        .containsExactly(List.of(days(2024, 1, 1), 2024L, 2L, 2, days(2024, 3, 1), 2025));
    assertThat(
            query(
                "SELECT day + INTERVAL '1' DAY, TIMESTAMP '2024-01-01 00:00:00' < timestamp,"
                    + " CURRENT_USER IS NOT NULL, date_trunc('month', timestamp) IS NOT NULL"
                    + " FROM s WHERE id = 1"))
        .containsExactly(List.of(days(2024, 3, 2), true, true, true));
    assertThat(query("SELECT year(day), month(day), hour(timestamp) FROM s WHERE id = 1"))
        .containsExactly(List.of(2024L, 3L, 10L));
    assertThat(query("VALUES (1), (2)")).containsExactly(List.of(1), List.of(2));
    assertThat(query("SELECT (value) FROM s WHERE value IN (SELECT value FROM s WHERE id = 1)"))
        .containsExactly(List.of(1.5));
  }
}
