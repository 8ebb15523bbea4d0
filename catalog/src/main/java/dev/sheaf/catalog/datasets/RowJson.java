package dev.sheaf.catalog.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;

/**
 * A row's values as one JSON object (column name to value), for DIFF: numbers and booleans as
 * themselves, binary values as base64 text, vectors as arrays, anything else as its text.
 */
public final class RowJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private RowJson() {}

  /** The JSON object of {@code row}, or null for a null row. */
  public static String of(Map<String, Object> row) {
    if (row == null) {
      return null;
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(text)) {
      json.writeStartObject();
      for (var entry : row.entrySet()) {
        json.writeFieldName(entry.getKey());
        write(json, entry.getValue());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void write(JsonGenerator json, Object value) throws IOException {
    switch (value) {
      case null -> json.writeNull();
      case Boolean flag -> json.writeBoolean(flag);
      case Integer number -> json.writeNumber(number);
      case Long number -> json.writeNumber(number);
      case Float number -> json.writeNumber(number);
      case Double number -> json.writeNumber(number);
      case BigDecimal number -> json.writeNumber(number);
      case byte[] bytes -> json.writeString(Base64.getEncoder().encodeToString(bytes));
      case float[] vector -> {
        json.writeStartArray();
        for (float element : vector) {
          json.writeNumber(element);
        }
        json.writeEndArray();
      }
      default -> json.writeString(value.toString());
    }
  }
}
