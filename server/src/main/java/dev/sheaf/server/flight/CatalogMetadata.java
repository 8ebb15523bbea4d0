package dev.sheaf.server.flight;

import dev.sheaf.planner.TableDirectory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The catalog as Flight SQL metadata: one catalog ({@value #CATALOG}), its schemas, tables (with
 * their Arrow schemas when asked), table types and primary keys.
 */
final class CatalogMetadata {
  static final String CATALOG = "sheaf";
  static final String TABLE_TYPE = "TABLE";
  static final String VIEW_TYPE = "VIEW";

  private final TableDirectory catalog;
  private final BufferAllocator allocator;

  CatalogMetadata(TableDirectory catalog, BufferAllocator allocator) {
    this.catalog = catalog;
    this.allocator = allocator;
  }

  void catalogs(ServerStreamListener listener) {
    send(listener, Schemas.GET_CATALOGS_SCHEMA, List.<Object[]>of(new Object[] {CATALOG}));
  }

  void tableTypes(ServerStreamListener listener) {
    send(
        listener,
        Schemas.GET_TABLE_TYPES_SCHEMA,
        List.<Object[]>of(new Object[] {TABLE_TYPE}, new Object[] {VIEW_TYPE}));
  }

  void schemas(ServerStreamListener listener, String catalogName, String schemaPattern) {
    List<Object[]> rows = new ArrayList<>();
    if (matchesCatalog(catalogName)) {
      Pattern pattern = like(schemaPattern);
      for (String schema : catalog.schemas()) {
        if (pattern.matcher(schema).matches()) {
          rows.add(new Object[] {CATALOG, schema});
        }
      }
    }
    send(listener, Schemas.GET_SCHEMAS_SCHEMA, rows);
  }

  void tables(
      ServerStreamListener listener,
      String catalogName,
      String schemaPattern,
      String tablePattern,
      List<String> tableTypes,
      boolean includeSchema) {
    List<Object[]> rows = new ArrayList<>();
    boolean tablesWanted = tableTypes.isEmpty() || tableTypes.contains(TABLE_TYPE);
    boolean viewsWanted = tableTypes.isEmpty() || tableTypes.contains(VIEW_TYPE);
    if (matchesCatalog(catalogName)) {
      Pattern schemas = like(schemaPattern);
      Pattern tables = like(tablePattern);
      for (String schema : catalog.schemas()) {
        if (!schemas.matcher(schema).matches()) {
          continue;
        }
        List<String[]> named = new ArrayList<>();
        if (tablesWanted) {
          catalog.tables(schema).forEach(table -> named.add(new String[] {table, TABLE_TYPE}));
        }
        if (viewsWanted) {
          catalog.views(schema).forEach(view -> named.add(new String[] {view, VIEW_TYPE}));
        }
        named.sort(java.util.Comparator.comparing(name -> name[0]));
        for (String[] name : named) {
          String table = name[0];
          if (!tables.matcher(table).matches()) {
            continue;
          }
          if (includeSchema) {
            Schema arrow =
                ColumnDescriptions.schema(
                    schema, table, catalog.columns(schema, table).orElse(List.of()));
            rows.add(new Object[] {CATALOG, schema, table, name[1], ArrowStreams.serialize(arrow)});
          } else {
            rows.add(new Object[] {CATALOG, schema, table, name[1]});
          }
        }
      }
    }
    send(
        listener,
        includeSchema ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA,
        rows);
  }

  void primaryKeys(ServerStreamListener listener, String catalogName, String schema, String table) {
    List<Object[]> rows = new ArrayList<>();
    String schemaName = schema == null ? TableDirectory.DEFAULT_SCHEMA : schema;
    if (matchesCatalog(catalogName)) {
      List<String> key = catalog.primaryKey(schemaName, table);
      for (int i = 0; i < key.size(); i++) {
        rows.add(new Object[] {CATALOG, schemaName, table, key.get(i), i + 1, null});
      }
    }
    send(listener, Schemas.GET_PRIMARY_KEYS_SCHEMA, rows);
  }

  /** Keys between tables are not modelled: an empty result of the right shape. */
  void emptyKeys(ServerStreamListener listener, Schema schema) {
    send(listener, schema, List.of());
  }

  private static boolean matchesCatalog(String name) {
    return name == null || name.isEmpty() || name.equals(CATALOG);
  }

  /** A SQL LIKE pattern ({@code %} and {@code _}, backslash escapes) as a regex; null is any. */
  static Pattern like(String pattern) {
    if (pattern == null) {
      return Pattern.compile(".*", Pattern.DOTALL);
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private void send(ServerStreamListener listener, Schema schema, List<Object[]> rows) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      for (int r = 0; r < rows.size(); r++) {
        Object[] row = rows.get(r);
        for (int c = 0; c < row.length; c++) {
          Object value = row[c];
          if (value == null) {
            continue;
          }
          switch (root.getVector(c)) {
            case VarCharVector text ->
                text.setSafe(r, value.toString().getBytes(StandardCharsets.UTF_8));
            case VarBinaryVector binary -> binary.setSafe(r, (byte[]) value);
            case IntVector number -> number.setSafe(r, (Integer) value);
            default ->
                throw new IllegalStateException("unexpected metadata column " + root.getVector(c));
          }
        }
      }
      root.setRowCount(rows.size());
      listener.start(root);
      listener.putNext();
      listener.completed();
    }
  }
}
