package dev.sheaf.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Values print as psql prints them, and tables line up by display width. */
class ResultPrinterTest {
  private static final long NOON = 1_717_243_200_000_000L; // 2024-06-01 12:00:00 UTC

  private static String print(String format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector text = new VarCharVector("caption", allocator);
        VarBinaryVector binary = new VarBinaryVector("raw", allocator);
        TimeStampMicroTZVector zoned = new TimeStampMicroTZVector("at", allocator, "UTC");
        TimeStampMicroVector local = new TimeStampMicroVector("local", allocator)) {
      text.setSafe(0, "猫が寝ている".getBytes(StandardCharsets.UTF_8));
      text.setSafe(1, "a".getBytes(StandardCharsets.UTF_8));
      text.setSafe(2, new byte[0]);
      binary.setSafe(0, new byte[] {0, (byte) 0xff});
      binary.setNull(1);
      binary.setSafe(2, new byte[0]);
      zoned.setSafe(0, NOON);
      zoned.setSafe(1, NOON + 123_456);
      zoned.setNull(2);
      local.setSafe(0, NOON);
      local.setNull(1);
      local.setSafe(2, -1);
      try (VectorSchemaRoot root = VectorSchemaRoot.of(text, binary, zoned, local)) {
        root.setRowCount(3);
        ResultPrinter printer =
            new ResultPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), format);
        printer.start(root.getSchema());
        printer.batch(root);
        printer.finish();
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void csvWritesNullAsAnEmptyFieldAndValuesAsPsqlDoes() {
    assertThat(print("csv").lines().toList())
        .containsExactly(
            "caption,raw,at,local",
            "猫が寝ている,\\x00ff,2024-06-01 12:00:00+00,2024-06-01 12:00:00",
            "a,,2024-06-01 12:00:00.123456+00,",
            "\"\",\\x,,1969-12-31 23:59:59.999999");
  }

  @Test
  void uint8TensorsPrintUnsigned() {
    var type =
        new dev.sheaf.spi.types.TensorType(
            dev.sheaf.spi.types.TensorType.Element.UINT8, java.util.List.of(1, 1, 3));
    try (BufferAllocator allocator = new RootAllocator();
        var list =
            (org.apache.arrow.vector.complex.FixedSizeListVector)
                type.field("t", true).createVector(allocator)) {
      list.allocateNew();
      int start = list.startNewValue(0);
      var elements = (org.apache.arrow.vector.UInt1Vector) list.getDataVector();
      elements.setSafe(start, 0);
      elements.setSafe(start + 1, 200);
      elements.setSafe(start + 2, 255);
      list.setValueCount(1);
      assertThat(ValueText.of(list, 0)).isEqualTo("[0,200,255]");
    }
  }

  @Test
  void tablesAlignWideCharacters() {
    List<String> lines = print("table").lines().toList();
    assertThat(lines.get(0)).isEqualTo("caption      | raw    | at" + " ".repeat(28) + "| local");
    // the six wide characters take twelve columns, like the header's "caption" padded to 12
    assertThat(DisplayWidth.of(lines.get(2).substring(0, lines.get(2).indexOf('|'))))
        .isEqualTo(DisplayWidth.of(lines.get(3).substring(0, lines.get(3).indexOf('|'))));
    assertThat(lines.get(3)).startsWith("a            | NULL   | 2024-06-01 12:00:00.123456+00");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("(3 rows)");
  }

  @Test
  void displayWidthCountsWideAndZeroWidthCharacters() {
    assertThat(DisplayWidth.of("abc")).isEqualTo(3);
    assertThat(DisplayWidth.of("猫")).isEqualTo(2);
    assertThat(DisplayWidth.of("😀")).isEqualTo(2);
    assertThat(DisplayWidth.of("قطة")).isEqualTo(3);
    assertThat(DisplayWidth.of("e\u0301")).isEqualTo(1); // e and a combining acute accent
    assertThat(DisplayWidth.of("ｆｕｌｌ")).isEqualTo(8);
  }
}
