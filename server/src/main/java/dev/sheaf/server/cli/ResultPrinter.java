package dev.sheaf.server.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Prints results as an aligned text table or as CSV. */
final class ResultPrinter {
  private final PrintStream out;
  private final boolean csv;
  private List<String> header = List.of();
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
        Object value = vector.getObject(r);
        row.add(value == null ? "NULL" : value.toString());
      }
      rows.add(row);
    }
  }

  void finish() {
    if (csv) {
      out.println(String.join(",", header.stream().map(ResultPrinter::quote).toList()));
      for (List<String> row : rows) {
        out.println(String.join(",", row.stream().map(ResultPrinter::quote).toList()));
      }
      return;
    }
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.println(line(header, widths));
    StringBuilder rule = new StringBuilder();
    for (int width : widths) {
      rule.append(rule.isEmpty() ? "" : "-+-").append("-".repeat(width));
    }
    out.println(rule);
    for (List<String> row : rows) {
      out.println(line(row, widths));
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
      text.append(String.format("%-" + widths[i] + "s", values.get(i)));
    }
    return text.toString().stripTrailing();
  }

  private static String quote(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
