package dev.sheaf.server.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Prints results as a text table aligned by display width (wide CJK characters and emoji take two
 * columns) or as CSV (RFC 4180; NULL is an empty field, an empty text a quoted one).
 */
final class ResultPrinter {
  private final PrintStream out;
  private final boolean csv;
  private List<String> header = List.of();

  /** Row values as text, null for NULL. */
  private final List<List<String>> rows = new ArrayList<>();

  ResultPrinter(PrintStream out, String format) {
    this.out = out;
    if (!format.equals("table") && !format.equals("csv")) {
      throw new IllegalArgumentException("unknown format '" + format + "' (use table or csv)");
    }
    this.csv = format.equals("csv");
  }

  void start(Schema schema) {
    header = schema.getFields().stream().map(Field::getName).toList();
    rows.clear();
  }

  void batch(VectorSchemaRoot root) {
    for (int r = 0; r < root.getRowCount(); r++) {
      List<String> row = new ArrayList<>();
      for (FieldVector vector : root.getFieldVectors()) {
        row.add(ValueText.of(vector, r));
      }
      rows.add(row);
    }
  }

  void finish() {
    if (csv) {
      out.println(String.join(",", header.stream().map(ResultPrinter::quote).toList()));
      for (List<String> row : rows) {
        out.println(String.join(",", row.stream().map(ResultPrinter::csvField).toList()));
      }
      return;
    }
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = DisplayWidth.of(header.get(i));
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], DisplayWidth.of(shown(row.get(i))));
      }
    }
    out.println(line(header, widths));
    StringBuilder rule = new StringBuilder();
    for (int width : widths) {
      rule.append(rule.isEmpty() ? "" : "-+-").append("-".repeat(width));
    }
    out.println(rule);
    for (List<String> row : rows) {
      out.println(line(row.stream().map(ResultPrinter::shown).toList(), widths));
    }
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
  }

  void updated(long count) {
    out.println("OK, " + count + (count == 1 ? " row" : " rows"));
  }

  private static String line(List<String> values, int[] widths) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(" | ");
      }
      String value = values.get(i);
      text.append(value).append(" ".repeat(widths[i] - DisplayWidth.of(value)));
    }
    return text.toString().stripTrailing();
  }

  private static String shown(String value) {
    return value == null ? "NULL" : value;
  }

  private static String csvField(String value) {
    if (value == null) {
      return "";
    }
    return value.isEmpty() ? "\"\"" : quote(value);
  }

  private static String quote(String value) {
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
