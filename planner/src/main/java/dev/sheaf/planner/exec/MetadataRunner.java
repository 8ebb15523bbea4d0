package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.planner.model.Models;
import dev.sheaf.planner.model.ModelsTable;
import dev.sheaf.planner.parser.SqlShow;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.sql.SqlDescribeTable;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.iceberg.Table;

/**
 * SHOW SCHEMAS, SHOW TABLES, SHOW COLUMNS, SHOW MODELS and DESCRIBE: the catalog as small result
 * sets.
 */
final class MetadataRunner {
  private static final SheafType TEXT = SheafType.of(TypeKind.VARCHAR);
  private static final SheafType FLAG = SheafType.of(TypeKind.BOOLEAN);

  private final SheafCatalog catalog;
  private final BufferAllocator allocator;
  private final Models models;

  MetadataRunner(SheafCatalog catalog, BufferAllocator allocator, Models models) {
    this.catalog = catalog;
    this.allocator = allocator;
    this.models = models;
  }

  private static final List<ResultColumn> MODEL_COLUMNS =
      List.of(
          new ResultColumn("name", TEXT, false),
          new ResultColumn("task", TEXT, false),
          new ResultColumn("source", TEXT, false),
          new ResultColumn("options", TEXT, false),
          new ResultColumn("builtin", FLAG, false));

  static boolean handles(SqlNode node) {
    return node instanceof SqlShow || node instanceof SqlDescribeTable;
  }

  StatementResult run(SqlNode node) {
    if (node instanceof SqlShow show && show.kind == SqlShow.Kind.SCHEMAS) {
      List<Object[]> rows = new ArrayList<>();
      catalog.schemas().forEach(schema -> rows.add(new Object[] {schema}));
      return result(List.of(new ResultColumn("schema_name", TEXT, false)), rows);
    }
    if (node instanceof SqlShow show && show.kind == SqlShow.Kind.COLUMNS) {
      return describe(show.schema);
    }
    if (node instanceof SqlShow show && show.kind == SqlShow.Kind.MODELS) {
      return result(MODEL_COLUMNS, ModelsTable.rows(models));
    }
    if (node instanceof SqlShow show) {
      String schema =
          show.schema == null
              ? SheafCatalog.DEFAULT_SCHEMA
              : show.schema.names.get(show.schema.names.size() - 1);
      List<Object[]> rows = new ArrayList<>();
      var directory = new dev.sheaf.planner.TableDirectory(catalog);
      directory.tables(schema).forEach(table -> rows.add(new Object[] {schema, table, "TABLE"}));
      directory.views(schema).forEach(view -> rows.add(new Object[] {schema, view, "VIEW"}));
      rows.sort(java.util.Comparator.comparing(row -> (String) row[1]));
      return result(
          List.of(
              new ResultColumn("schema_name", TEXT, false),
              new ResultColumn("table_name", TEXT, false),
              new ResultColumn("table_type", TEXT, false)),
          rows);
    }
    return describe(((SqlDescribeTable) node).getTable());
  }

  /** DESCRIBE t and SHOW COLUMNS FROM t: name, type, nullable and primary key of each column. */
  private StatementResult describe(SqlIdentifier name) {
    TableResolver resolved = TableResolver.of(name);
    var view = catalog.views().find(resolved.schema(), resolved.table());
    List<String> key;
    List<SheafColumn> columns;
    if (view.isPresent()) {
      key = List.of();
      columns = view.get().columns();
    } else {
      Table table = resolved.load(catalog);
      key = IcebergSchemas.primaryKey(table.schema());
      columns = IcebergSchemas.columns(table.schema());
    }
    List<Object[]> rows = new ArrayList<>();
    for (SheafColumn column : columns) {
      rows.add(
          new Object[] {
            column.name(), column.type().toString(), column.nullable(), key.contains(column.name())
          });
    }
    return result(
        List.of(
            new ResultColumn("column_name", TEXT, false),
            new ResultColumn("type", TEXT, false),
            new ResultColumn("nullable", FLAG, false),
            new ResultColumn("primary_key", FLAG, false)),
        rows);
  }

  private StatementResult result(List<ResultColumn> columns, List<Object[]> rows) {
    return ResultRows.of(allocator, columns, rows);
  }

  /** The columns each metadata statement returns, for prepare. */
  static List<ResultColumn> columns(SqlNode node) {
    if (node instanceof SqlShow show && show.kind == SqlShow.Kind.MODELS) {
      return MODEL_COLUMNS;
    }
    if (node instanceof SqlShow show && show.kind != SqlShow.Kind.COLUMNS) {
      return show.kind == SqlShow.Kind.SCHEMAS
          ? List.of(new ResultColumn("schema_name", TEXT, false))
          : List.of(
              new ResultColumn("schema_name", TEXT, false),
              new ResultColumn("table_name", TEXT, false),
              new ResultColumn("table_type", TEXT, false));
    }
    return List.of(
        new ResultColumn("column_name", TEXT, false),
        new ResultColumn("type", TEXT, false),
        new ResultColumn("nullable", FLAG, false),
        new ResultColumn("primary_key", FLAG, false));
  }
}
