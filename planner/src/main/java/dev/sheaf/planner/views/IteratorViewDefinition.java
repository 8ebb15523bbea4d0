package dev.sheaf.planner.views;

import static java.util.Objects.requireNonNull;

import dev.sheaf.compute.iterate.IteratorArguments;
import dev.sheaf.compute.iterate.MediaIterator;
import dev.sheaf.compute.iterate.MediaIterators;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * What makes a table an iterator view, kept in its Iceberg property {@value #PROPERTY}: the
 * iterator, the base table (schema, name and UUID, so a base dropped and created again under the
 * same name is told apart), the base's media column, the arguments, and the base columns the view
 * copies (each under its name in the view). Format version 1, tab-separated, each field
 * percent-encoded: {@code 1, iterator, schema, table, uuid, column, name=value&..., base=view&...}.
 */
public record IteratorViewDefinition(
    String iterator,
    String baseSchema,
    String baseTable,
    String baseUuid,
    String mediaColumn,
    Map<String, Object> arguments,
    Map<String, String> copiedColumns) {
  /** The table property of an iterator view. */
  public static final String PROPERTY = "sheaf.iterator-view";

  /** The base table's property naming a view that iterates it: a prefix, then schema.view. */
  public static final String BASE_PROPERTY_PREFIX = "sheaf.iterated-by.";

  /** The snapshot summary key that holds the base snapshot a view version reflects. */
  public static final String BASE_SNAPSHOT = "sheaf.base-snapshot";

  /** The view column that holds the base row's key. */
  public static final String BASE_ROWID = "base_rowid";

  /** The view column that holds a base row's iterator error ({@code CODE: message}). */
  public static final String ERROR_COLUMN = "iterator_error";

  static final String VERSION = "1";

  public IteratorViewDefinition {
    requireNonNull(iterator, "iterator is null");
    requireNonNull(baseSchema, "baseSchema is null");
    requireNonNull(baseTable, "baseTable is null");
    requireNonNull(baseUuid, "baseUuid is null");
    requireNonNull(mediaColumn, "mediaColumn is null");
    arguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    copiedColumns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(copiedColumns));
  }

  /** The definition of a table that is an iterator view, or empty for any other table. */
  public static Optional<IteratorViewDefinition> of(Table table) {
    String text = table.properties().get(PROPERTY);
    return text == null ? Optional.empty() : Optional.of(decode(text));
  }

  public MediaIterator mediaIterator() {
    return MediaIterators.find(iterator)
        .orElseThrow(
            () ->
                SheafException.of(
                    ErrorCode.NOT_SUPPORTED,
                    "Cannot read iterator view over %s.%s: this server has no iterator '%s'",
                    baseSchema,
                    baseTable,
                    iterator));
  }

  /** The arguments bound to the iterator's parameters (kept as text, read back by type). */
  public IteratorArguments boundArguments() {
    MediaIterator media = mediaIterator();
    Map<String, Object> typed = new LinkedHashMap<>();
    for (var parameter : media.parameters()) {
      Object value = arguments.get(parameter.name());
      if (value != null) {
        typed.put(parameter.name(), typed(parameter.type().kind(), value));
      }
    }
    return IteratorArguments.bind(media.name(), media.parameters(), typed);
  }

  private static Object typed(dev.sheaf.spi.types.TypeKind kind, Object value) {
    if (!(value instanceof String text)) {
      return value;
    }
    return switch (kind) {
      case INTEGER, BIGINT, DATE, TIMESTAMP, TIMESTAMP_TZ -> Long.parseLong(text);
      case REAL, DOUBLE -> Double.parseDouble(text);
      case DECIMAL -> new java.math.BigDecimal(text);
      case BOOLEAN -> Boolean.parseBoolean(text);
      default -> text;
    };
  }

  public String encode() {
    List<String> fields = new ArrayList<>();
    fields.add(VERSION);
    fields.add(iterator);
    fields.add(baseSchema);
    fields.add(baseTable);
    fields.add(baseUuid);
    fields.add(mediaColumn);
    fields.add(pairs(arguments));
    fields.add(pairs(copiedColumns));
    return String.join("\t", fields.stream().map(IteratorViewDefinition::escape).toList());
  }

  static IteratorViewDefinition decode(String text) {
    String[] fields = text.split("\t", -1);
    if (!fields[0].equals(VERSION) || fields.length != 8) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot read an iterator view's definition: format version expected %s, found %s"
              + " (upgrade Sheaf)",
          VERSION,
          fields[0]);
    }
    Map<String, Object> arguments = new LinkedHashMap<>();
    unpairs(unescape(fields[6])).forEach(arguments::put);
    return new IteratorViewDefinition(
        unescape(fields[1]),
        unescape(fields[2]),
        unescape(fields[3]),
        unescape(fields[4]),
        unescape(fields[5]),
        arguments,
        unpairs(unescape(fields[7])));
  }

  private static String pairs(Map<String, ?> values) {
    List<String> pairs = new ArrayList<>();
    values.forEach(
        (key, value) -> {
          if (value != null) {
            pairs.add(escape(key) + "=" + escape(value.toString()));
          }
        });
    return String.join("&", pairs);
  }

  private static Map<String, String> unpairs(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    if (!text.isEmpty()) {
      for (String pair : text.split("&")) {
        int equals = pair.indexOf('=');
        values.put(unescape(pair.substring(0, equals)), unescape(pair.substring(equals + 1)));
      }
    }
    return values;
  }

  private static String escape(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String unescape(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
