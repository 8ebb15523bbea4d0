package dev.sheaf.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.junit.jupiter.api.Test;

/** Dates print as dates (psql's 2020-01-02), not as Arrow's day numbers. */
class ValueTextTest {
  @Test
  void datesPrintAsCalendarDates() {
    try (BufferAllocator allocator = new RootAllocator();
        DateDayVector days = new DateDayVector("d", allocator);
        DateMilliVector millis = new DateMilliVector("m", allocator)) {
      days.setSafe(0, 18_263);
      days.setSafe(1, -1);
      days.setNull(2);
      days.setValueCount(3);
      millis.setSafe(0, 18_263L * 86_400_000L);
      millis.setValueCount(1);
      assertThat(ValueText.of(days, 0)).isEqualTo("2020-01-02");
      assertThat(ValueText.of(days, 1)).isEqualTo("1969-12-31");
      assertThat(ValueText.of(days, 2)).isNull();
      assertThat(ValueText.of(millis, 0)).isEqualTo("2020-01-02");
    }
  }
}
