package dev.sheaf.catalog.arrow;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks, before a table is created or a byte written, that every column a client sends has a
 * column of the table to go to, and that its Arrow type converts to that column's type without
 * changing a value: integers into integers (range checked per value), decimals and numbers into
 * DECIMAL (rounded to its scale as PostgreSQL rounds, precision checked per value), any number into
 * REAL or DOUBLE, text into text, bytes into VARBINARY (and media columns, which also take text),
 * dates and timestamps into DATE and TIMESTAMP, lists of numbers into vectors, nested values into
 * JSON. Anything else (text into an integer, a float into an integer, bytes into text) is refused.
 */
public final class IngestColumns {
  private IngestColumns() {}

  public static void check(String table, Schema incoming, List<SheafColumn> columns) {
    for (Field field : incoming.getFields()) {
      SheafColumn column = find(columns, field.getName());
      if (column == null) {
        throw SheafException.of(
            ErrorCode.COLUMN_NOT_FOUND,
            "Cannot ingest column '%s' into table %s: the table has no such column (add it with"
                + " ALTER TABLE %s ADD COLUMN, or leave it out of the data)",
            field.getName(),
            table,
            table);
      }
      if (!converts(field, column.type())) {
        throw SheafException.of(
            ErrorCode.TYPE_MISMATCH,
            "Cannot ingest column '%s' of Arrow type %s into column '%s' of type %s (send %s, or"
                + " cast it first)",
            field.getName(),
            field.getType(),
            column.name(),
            column.type(),
            ArrowTypes.arrowType(column.type()));
      }
    }
  }

  /** The table column a client column goes to: same name, else same name in any case. */
  static SheafColumn find(List<SheafColumn> columns, String name) {
    for (SheafColumn column : columns) {
      if (column.name().equals(name)) {
        return column;
      }
    }
    for (SheafColumn column : columns) {
      if (column.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return column;
      }
    }
    return null;
  }

  static boolean converts(Field field, SheafType target) {
    ArrowType type = field.getType();
    if (type instanceof ArrowType.Null) {
      return true;
    }
    return switch (target.kind()) {
      case BOOLEAN -> type instanceof ArrowType.Bool;
      case INTEGER, BIGINT -> type instanceof ArrowType.Int;
      case REAL, DOUBLE ->
          type instanceof ArrowType.Int
              || type instanceof ArrowType.FloatingPoint
              || type instanceof ArrowType.Decimal;
      case DECIMAL ->
          type instanceof ArrowType.Int
              || type instanceof ArrowType.Decimal
              || type instanceof ArrowType.FloatingPoint;
      case VARCHAR -> text(type);
      case JSON ->
          text(type)
              || type instanceof ArrowType.List
              || type instanceof ArrowType.LargeList
              || type instanceof ArrowType.FixedSizeList
              || type instanceof ArrowType.Struct
              || type instanceof ArrowType.Map;
      case IMAGE, VIDEO, AUDIO, DOCUMENT -> text(type) || binary(type);
      case VARBINARY -> binary(type);
      case DATE -> type instanceof ArrowType.Date;
      case TIMESTAMP, TIMESTAMP_TZ ->
          type instanceof ArrowType.Timestamp || type instanceof ArrowType.Date;
      case VECTOR ->
          (type instanceof ArrowType.FixedSizeList || type instanceof ArrowType.List)
              && field.getChildren().size() == 1
              && (field.getChildren().get(0).getType() instanceof ArrowType.FloatingPoint
                  || field.getChildren().get(0).getType() instanceof ArrowType.Int);
    };
  }

  private static boolean text(ArrowType type) {
    return type instanceof ArrowType.Utf8
        || type instanceof ArrowType.LargeUtf8
        || type instanceof ArrowType.Utf8View;
  }

  private static boolean binary(ArrowType type) {
    return type instanceof ArrowType.Binary
        || type instanceof ArrowType.LargeBinary
        || type instanceof ArrowType.BinaryView
        || type instanceof ArrowType.FixedSizeBinary;
  }
}
