package dev.sheaf.server.flight;

import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table's columns as GetTables (with schemas) describes them: each Arrow field carries Flight
 * SQL's column metadata beside its {@code sheaf.type}, which the JDBC driver's {@code getColumns}
 * reads for TYPE_NAME (the name {@code getTypeInfo} lists: IMAGE, not VARCHAR), COLUMN_SIZE and
 * DECIMAL_DIGITS (a DECIMAL's precision and scale, a VECTOR's dimension) and REMARKS (what a media,
 * JSON or VECTOR column holds).
 */
final class ColumnDescriptions {
  private ColumnDescriptions() {}

  static Schema schema(String schema, String table, List<SheafColumn> columns) {
    return new Schema(columns.stream().map(column -> field(schema, table, column)).toList());
  }

  static Field field(String schema, String table, SheafColumn column) {
    Field plain = ArrowTypes.field(column);
    SheafType type = column.type();
    XdbcTypeInfo.XdbcType info = XdbcTypeInfo.of(type.kind());
    FlightSqlColumnMetadata.Builder described =
        new FlightSqlColumnMetadata.Builder()
            .catalogName(CatalogMetadata.CATALOG)
            .schemaName(schema)
            .tableName(table)
            .typeName(info.typeName())
            .isAutoIncrement(false)
            .isCaseSensitive(info.caseSensitive())
            .isReadOnly(false)
            .isSearchable(info.searchable() != 0);
    switch (type.kind()) {
      case DECIMAL -> described.precision(type.precision()).scale(type.scale());
      case VECTOR ->
          described.precision(type.dimension()).remarks(type + ": " + info.localTypeName());
      case JSON, IMAGE, VIDEO, AUDIO, DOCUMENT -> described.remarks(info.localTypeName());
      default -> {}
    }
    Map<String, String> metadata = new HashMap<>(plain.getMetadata());
    metadata.putAll(described.build().getMetadataMap());
    FieldType fieldType = plain.getFieldType();
    return new Field(
        plain.getName(),
        new FieldType(
            fieldType.isNullable(), fieldType.getType(), fieldType.getDictionary(), metadata),
        plain.getChildren());
  }
}
