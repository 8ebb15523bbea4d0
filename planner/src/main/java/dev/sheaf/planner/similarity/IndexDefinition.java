package dev.sheaf.planner.similarity;

import static java.util.Objects.requireNonNull;

import dev.sheaf.index.text.TextAnalyzer;
import dev.sheaf.index.vector.VectorMetric;
import dev.sheaf.index.vector.VectorQuantization;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * An index of a table, as {@code CREATE INDEX} defined it: an HNSW index (its metric, m,
 * ef_construction and quantization; analyzer null) or a full-text one (its analyzer; metric null).
 * Definitions live in the table's Iceberg properties, like computed columns: property {@code
 * sheaf.index.<name>} = {@code 1<TAB>hnsw<TAB><column><TAB><metric><TAB><m><TAB><ef_construction>}
 * (float vectors), {@code 2<TAB>hnsw<TAB>...<TAB><quantization>} (quantized: a server that reads
 * only version 1 refuses what it cannot open) or {@code
 * 1<TAB>fulltext<TAB><column><TAB><analyzer>}, the first field the format version (checked on
 * read). So a definition commits atomically with the table's metadata, every server on the catalog
 * sees it, and it survives restarts.
 */
public record IndexDefinition(
    String name,
    String column,
    Method method,
    VectorMetric metric,
    int m,
    int efConstruction,
    VectorQuantization quantization,
    TextAnalyzer analyzer) {
  public static final String PROPERTY_PREFIX = "sheaf.index.";
  private static final String FORMAT = "1";
  private static final String QUANTIZED_FORMAT = "2";

  /** What an index is: {@code USING HNSW} or {@code USING FULLTEXT}. */
  public enum Method {
    HNSW,
    FULLTEXT;

    String propertyName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public IndexDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(column, "column is null");
    requireNonNull(method, "method is null");
    if (method == Method.HNSW) {
      requireNonNull(metric, "metric is null");
      requireNonNull(quantization, "quantization is null");
    } else {
      requireNonNull(analyzer, "analyzer is null");
    }
  }

  public static IndexDefinition hnsw(
      String name,
      String column,
      VectorMetric metric,
      int m,
      int efConstruction,
      VectorQuantization quantization) {
    return new IndexDefinition(
        name, column, Method.HNSW, metric, m, efConstruction, quantization, null);
  }

  public static IndexDefinition fullText(String name, String column, TextAnalyzer analyzer) {
    return new IndexDefinition(name, column, Method.FULLTEXT, null, 0, 0, null, analyzer);
  }

  public boolean isFullText() {
    return method == Method.FULLTEXT;
  }

  public String propertyKey() {
    return PROPERTY_PREFIX + name;
  }

  public String propertyValue() {
    if (isFullText()) {
      return String.join("\t", FORMAT, method.propertyName(), column, analyzer.sqlName());
    }
    String hnsw =
        String.join(
            "\t",
            method.propertyName(),
            column,
            metric.sqlName(),
            Integer.toString(m),
            Integer.toString(efConstruction));
    return quantization == VectorQuantization.NONE
        ? FORMAT + "\t" + hnsw
        : QUANTIZED_FORMAT + "\t" + hnsw + "\t" + quantization.sqlName();
  }

  static IndexDefinition parse(String name, String value) {
    String[] fields = value.split("\t", -1);
    boolean quantized =
        QUANTIZED_FORMAT.equals(fields[0])
            && fields.length == 7
            && Method.HNSW.propertyName().equals(fields[1]);
    if (quantized) {
      return hnsw(
          name,
          fields[2],
          VectorMetric.parse(fields[3]),
          Integer.parseInt(fields[4]),
          Integer.parseInt(fields[5]),
          VectorQuantization.parse(fields[6]));
    }
    if (FORMAT.equals(fields[0])) {
      if (fields.length == 6 && Method.HNSW.propertyName().equals(fields[1])) {
        return hnsw(
            name,
            fields[2],
            VectorMetric.parse(fields[3]),
            Integer.parseInt(fields[4]),
            Integer.parseInt(fields[5]),
            VectorQuantization.NONE);
      }
      if (fields.length == 4 && Method.FULLTEXT.propertyName().equals(fields[1])) {
        return fullText(name, fields[2], TextAnalyzer.parse(fields[3]));
      }
    }
    throw SheafException.of(
        ErrorCode.INTERNAL_ERROR,
        "Cannot read index '%s': format version expected %s (or %s, quantized hnsw) with hnsw or"
            + " fulltext, found %s (upgrade Sheaf)",
        name,
        FORMAT,
        QUANTIZED_FORMAT,
        value.replace('\t', ' '));
  }

  /** The indexes of a table (of its current metadata), by name. */
  public static List<IndexDefinition> of(Table table) {
    return of(table.properties());
  }

  static List<IndexDefinition> of(Map<String, String> properties) {
    List<IndexDefinition> indexes = new ArrayList<>();
    properties.forEach(
        (key, value) -> {
          if (key.startsWith(PROPERTY_PREFIX)) {
            indexes.add(parse(key.substring(PROPERTY_PREFIX.length()), value));
          }
        });
    indexes.sort(java.util.Comparator.comparing(IndexDefinition::name));
    return indexes;
  }

  public static Optional<IndexDefinition> find(Table table, String name) {
    String value = table.properties().get(PROPERTY_PREFIX + name);
    return value == null ? Optional.empty() : Optional.of(parse(name, value));
  }

  /** Refuses to drop, rename or retype a column an index reads. */
  public static void checkNotIndexed(Table table, String column, String verb) {
    for (IndexDefinition index : of(table)) {
      if (index.column().equals(column)) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot %s column '%s' of table %s: index '%s' reads it (DROP INDEX %s first)",
            verb,
            column,
            table.name(),
            index.name(),
            index.name());
      }
    }
  }
}
