package dev.sheaf.planner.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Text read as dates and timestamps the way PostgreSQL reads ISO 8601 input. */
class TemporalTextTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-06-01T12:00:00+02:00|2024-06-01T10:00|2024-06-01T12:00",
        "2024-06-01 12:00:00|2024-06-01T12:00|2024-06-01T12:00",
        "2024-06-01 12:00:00 +02:00|2024-06-01T10:00|2024-06-01T12:00",
        "2024-06-01 12:00:00+0530|2024-06-01T06:30|2024-06-01T12:00",
        "2024-06-01 01:00-03|2024-06-01T04:00|2024-06-01T01:00",
        "2024-06-01 12:00:00Z|2024-06-01T12:00|2024-06-01T12:00",
        "2024-06-01 12:00:00 UTC|2024-06-01T12:00|2024-06-01T12:00",
        "2024-06-01|2024-06-01T00:00|2024-06-01T00:00",
        "2024-06-01 12:00:00.1234564|2024-06-01T12:00:00.123456|2024-06-01T12:00:00.123456",
        "2024-06-01 23:59:59.9999996|2024-06-02T00:00|2024-06-02T00:00",
        "  2024-6-1 7:05  |2024-06-01T07:05|2024-06-01T07:05",
      })
  void timestampsWithAndWithoutZones(String text, String utc, String local) {
    assertThat(TemporalText.timestamp(text, "t", true)).isEqualTo(LocalDateTime.parse(utc));
    assertThat(TemporalText.timestamp(text, "t", false)).isEqualTo(LocalDateTime.parse(local));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-02-29", "2024-02-29 13:00:00", "2024-02-29T13:00+02"})
  void datesTakeTheirDay(String text) {
    assertThat(TemporalText.date(text, "d")).isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-30",
        "2023-02-29",
        "notadate",
        "2024-06-01 25:00:00",
        "2024-06-01 12:60",
        "2024/06/01",
        "",
        "2024-06-01 12:00:00 +25:00"
      })
  void anythingElseIsATypeMismatch(String text) {
    assertThatThrownBy(() -> TemporalText.timestamp(text, "t", true))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH))
        .hasMessageContaining("column 't'");
  }
}
