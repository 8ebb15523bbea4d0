package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.index.text.TextAnalyzer;
import dev.sheaf.index.vector.HnswSettings;
import dev.sheaf.index.vector.VectorMetric;
import dev.sheaf.index.vector.VectorQuantization;
import dev.sheaf.planner.parser.SqlCreateIndex;
import dev.sheaf.planner.parser.SqlDropIndex;
import dev.sheaf.planner.similarity.IndexDefinition;
import dev.sheaf.planner.similarity.VectorIndexes;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.TypeKind;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * {@code CREATE INDEX ... USING HNSW | FULLTEXT} and {@code DROP INDEX}. Index names are unique
 * within a schema (DROP INDEX may omit the table). Creating an index commits its definition, then
 * indexes the table's current rows before the statement returns.
 */
final class IndexDdl {
  private final SheafCatalog catalog;
  private final VectorIndexes indexes;
  private final BackfillJobs jobs;

  IndexDdl(SheafCatalog catalog, VectorIndexes indexes, BackfillJobs jobs) {
    this.catalog = catalog;
    this.indexes = indexes;
    this.jobs = jobs;
  }

  void create(SqlCreateIndex create) {
    TableResolver name = TableResolver.of(create.table);
    Table table = name.load(catalog);
    String index = create.name.getSimple();
    if (find(name.schema(), index).isPresent()) {
      if (create.ifNotExists) {
        return;
      }
      throw SheafException.of(
          ErrorCode.INDEX_ALREADY_EXISTS,
          "Cannot create index '%s': schema %s already has an index of that name",
          index,
          name.schema());
    }
    String method = create.method.getSimple().toUpperCase(Locale.ROOT);
    if (!method.equals("HNSW") && !method.equals("FULLTEXT")) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create index '%s' USING %s: Sheaf builds HNSW indexes of VECTOR columns and"
              + " FULLTEXT indexes of VARCHAR columns",
          index,
          create.method.getSimple());
    }
    String columnName = create.column.getSimple();
    SheafColumn column =
        IcebergSchemas.columns(table.schema()).stream()
            .filter(c -> c.name().equals(columnName))
            .findFirst()
            .orElseThrow(
                () ->
                    SheafException.of(
                        ErrorCode.COLUMN_NOT_FOUND,
                        "Cannot create index '%s': table %s has no column '%s'",
                        index,
                        name.table(),
                        columnName));
    if (ComputedColumns.find(table, columnName).map(ComputedColumn::virtual).orElse(false)) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot create index '%s' on column '%s': it is VIRTUAL, computed by every read and"
              + " never stored (make it STORED to index it)",
          index,
          columnName);
    }
    IndexDefinition definition =
        method.equals("FULLTEXT") ? fullText(create, index, column) : hnsw(create, index, column);
    // anything a dropped index of this name left behind (a search that synced it after the drop)
    // holds another definition's documents: start from nothing
    indexes.drop(table, index);
    table.updateProperties().set(definition.propertyKey(), definition.propertyValue()).commit();
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current != null && !"0".equals(current.summary().getOrDefault("total-records", "0"))) {
      // the rows already there are indexed by a job, file by file, with progress in sys.jobs
      jobs.startIndexBuild(table, name.schema(), name.table(), index);
    } else {
      indexes.sync(table, current, definition);
    }
  }

  private static IndexDefinition fullText(SqlCreateIndex create, String index, SheafColumn column) {
    if (column.type().kind() != TypeKind.VARCHAR) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot create index '%s' on column '%s' of type %s: FULLTEXT indexes VARCHAR columns",
          index,
          column.name(),
          column.type());
    }
    TextAnalyzer analyzer = TextAnalyzer.STANDARD;
    for (int i = 0; i < create.options.size(); i += 2) {
      String key = ((SqlIdentifier) create.options.get(i)).getSimple().toLowerCase(Locale.ROOT);
      if (!key.equals("analyzer")) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot create index '%s': unknown option '%s' of a FULLTEXT index (use analyzer)",
            index,
            key);
      }
      analyzer = TextAnalyzer.parse(text(create.options.get(i + 1), key));
    }
    return IndexDefinition.fullText(index, column.name(), analyzer);
  }

  private static IndexDefinition hnsw(SqlCreateIndex create, String index, SheafColumn column) {
    String columnName = column.name();
    if (column.type().kind() != TypeKind.VECTOR) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot create index '%s' on column '%s' of type %s: HNSW indexes VECTOR(n) columns",
          index,
          columnName,
          column.type());
    }
    VectorMetric metric = VectorMetric.COSINE;
    int m = HnswSettings.DEFAULT_M;
    int efConstruction = HnswSettings.DEFAULT_EF_CONSTRUCTION;
    VectorQuantization quantization = VectorQuantization.NONE;
    for (int i = 0; i < create.options.size(); i += 2) {
      String key = ((SqlIdentifier) create.options.get(i)).getSimple().toLowerCase(Locale.ROOT);
      SqlNode value = create.options.get(i + 1);
      switch (key) {
        case "metric" -> metric = VectorMetric.parse(text(value, key));
        case "m" -> m = number(value, key);
        case "ef_construction" -> efConstruction = number(value, key);
        case "quantization" -> quantization = VectorQuantization.parse(text(value, key));
        default ->
            throw SheafException.of(
                ErrorCode.INVALID_ARGUMENT,
                "Cannot create index '%s': unknown option '%s' (use metric, m, ef_construction,"
                    + " quantization)",
                index,
                key);
      }
    }
    // validates m and ef_construction
    new HnswSettings(metric, column.type().dimension(), m, efConstruction, quantization);
    return IndexDefinition.hnsw(index, columnName, metric, m, efConstruction, quantization);
  }

  void drop(SqlDropIndex drop) {
    String index = drop.name.getSimple();
    Optional<Table> owner;
    String schema;
    if (drop.table != null) {
      TableResolver name = TableResolver.of(drop.table);
      schema = name.schema();
      Table table = name.load(catalog);
      owner = IndexDefinition.find(table, index).map(d -> table);
    } else {
      schema = SheafCatalog.DEFAULT_SCHEMA;
      owner = find(schema, index);
    }
    if (owner.isEmpty()) {
      if (drop.ifExists) {
        return;
      }
      throw SheafException.of(
          ErrorCode.INDEX_NOT_FOUND,
          "Cannot drop index '%s': no table of schema %s has it (sys.indexes lists the indexes)",
          index,
          schema);
    }
    Table table = owner.get();
    table.updateProperties().remove(IndexDefinition.PROPERTY_PREFIX + index).commit();
    indexes.drop(table, index);
  }

  /** The table of a schema that has an index of this name. */
  private Optional<Table> find(String schema, String index) {
    for (String tableName : catalog.tables(schema)) {
      Optional<Table> table = catalog.findTable(schema, tableName);
      if (table.isPresent() && IndexDefinition.find(table.get(), index).isPresent()) {
        return table;
      }
    }
    return Optional.empty();
  }

  private static String text(SqlNode value, String key) {
    if (value instanceof SqlLiteral literal && literal.getValue() != null) {
      return literal.toValue();
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot create the index: %s needs a value, got %s",
        key,
        value);
  }

  private static int number(SqlNode value, String key) {
    try {
      return Integer.parseInt(text(value, key));
    } catch (NumberFormatException e) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create the index: %s must be a whole number, got %s",
          key,
          value);
    }
  }
}
