package dev.sheaf.catalog.iceberg;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Maps Sheaf columns to Iceberg fields and back. The Sheaf type travels in the field's doc as
 * {@code sheaf:<type>} (for example {@code sheaf:IMAGE}), so media and JSON columns that Iceberg
 * stores as strings keep their meaning, and other engines still read plain Iceberg types.
 */
public final class IcebergSchemas {
  /** The hidden row id every Sheaf table carries; assigned at insert and never reused. */
  public static final String ROWID = "_rowid";

  /**
   * Prefix of the hidden column that holds the pins of a media column ({@code _media_img} for
   * {@code img}): text in {@link dev.sheaf.catalog.media.StoredPin}'s format, written in the same
   * commit as the row, never shown to users.
   */
  public static final String PIN_PREFIX = "_media_";

  private static final String DOC_PREFIX = "sheaf:";

  private IcebergSchemas() {}

  /** A new table schema: {@code _rowid} first, then the user's columns, ids assigned in order. */
  public static Schema newSchema(List<SheafColumn> columns, List<String> primaryKey) {
    List<NestedField> fields = new ArrayList<>();
    fields.add(NestedField.required(1, ROWID, Types.LongType.get(), DOC_PREFIX + "BIGINT"));
    int[] nextId = {2};
    Set<String> names = new HashSet<>();
    Set<Integer> identifierIds = new HashSet<>();
    for (SheafColumn column : columns) {
      String key = column.name().toLowerCase(Locale.ROOT);
      if (isHidden(key) || !names.add(key)) {
        throw SheafException.of(
            ErrorCode.COLUMN_ALREADY_EXISTS,
            "Cannot create table: column '%s' is declared twice or uses a reserved name",
            column.name());
      }
      NestedField field = field(nextId, column);
      fields.add(field);
      if (primaryKey.stream().anyMatch(k -> k.equalsIgnoreCase(column.name()))) {
        identifierIds.add(field.fieldId());
      }
    }
    for (SheafColumn column : columns) {
      if (column.type().isMedia()) {
        fields.add(pinField(nextId[0]++, column.name()));
      }
    }
    for (String key : primaryKey) {
      if (columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(key))) {
        throw SheafException.of(
            ErrorCode.COLUMN_NOT_FOUND,
            "Cannot create table: primary key column '%s' is not a column of the table",
            key);
      }
    }
    return new Schema(fields, identifierIds);
  }

  /** Whether a column name is Sheaf's own: {@code _rowid} and the media pin columns. */
  public static boolean isHidden(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals(ROWID) || lower.startsWith(PIN_PREFIX);
  }

  /** The name of the hidden pin column of a media column. */
  public static String pinColumn(String mediaColumn) {
    return PIN_PREFIX + mediaColumn;
  }

  /** The hidden pin column of a media column. */
  public static NestedField pinField(int id, String mediaColumn) {
    return NestedField.optional(
        id, pinColumn(mediaColumn), Types.StringType.get(), DOC_PREFIX + "VARCHAR");
  }

  /**
   * A row as the table's files hold it (every column but {@code _rowid}, in schema order) from the
   * user's values ({@link #columns} order) and the encoded pins of media columns by column name.
   */
  public static Object[] storageRow(
      Schema schema, Object[] visible, java.util.Map<String, String> pins) {
    List<NestedField> fields = schema.columns();
    Object[] row = new Object[fields.size() - 1];
    int next = 0;
    for (int i = 1; i < fields.size(); i++) {
      String name = fields.get(i).name();
      if (name.startsWith(PIN_PREFIX)) {
        row[i - 1] = pins.get(name.substring(PIN_PREFIX.length()));
      } else {
        row[i - 1] = visible[next++];
      }
    }
    return row;
  }

  /**
   * Positions (in {@code schema.columns()}) of each media column and its pin column, as pairs
   * {@code [media, pin]}.
   */
  public static List<int[]> pinPositions(Schema schema) {
    List<NestedField> fields = schema.columns();
    List<int[]> pairs = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i).name();
      if (name.startsWith(PIN_PREFIX)) {
        for (int j = 0; j < fields.size(); j++) {
          if (fields.get(j).name().equals(name.substring(PIN_PREFIX.length()))) {
            pairs.add(new int[] {j, i});
          }
        }
      }
    }
    return pairs;
  }

  /** An Iceberg field for a column; {@code nextId} supplies ids for the field and its children. */
  public static NestedField field(int[] nextId, SheafColumn column) {
    int id = nextId[0]++;
    Type type = icebergType(nextId, column.type());
    String doc = DOC_PREFIX + column.type();
    return column.nullable()
        ? NestedField.optional(id, column.name(), type, doc)
        : NestedField.required(id, column.name(), type, doc);
  }

  static Type icebergType(int[] nextId, SheafType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Types.BooleanType.get();
      case INTEGER -> Types.IntegerType.get();
      case BIGINT -> Types.LongType.get();
      case REAL -> Types.FloatType.get();
      case DOUBLE -> Types.DoubleType.get();
      case DECIMAL -> Types.DecimalType.of(type.precision(), type.scale());
      case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT -> Types.StringType.get();
      case DATE -> Types.DateType.get();
      case TIMESTAMP -> Types.TimestampType.withoutZone();
      case TIMESTAMP_TZ -> Types.TimestampType.withZone();
      case VARBINARY -> Types.BinaryType.get();
      case VECTOR -> Types.ListType.ofRequired(nextId[0]++, Types.FloatType.get());
    };
  }

  /** The user-visible columns of a schema, in order, without {@code _rowid} and pin columns. */
  public static List<SheafColumn> columns(Schema schema) {
    List<SheafColumn> columns = new ArrayList<>();
    for (NestedField field : schema.columns()) {
      if (!field.name().equals(ROWID) && !field.name().startsWith(PIN_PREFIX)) {
        columns.add(new SheafColumn(field.name(), sheafType(field), field.isOptional()));
      }
    }
    return List.copyOf(columns);
  }

  /** The primary key columns, in schema order. */
  public static List<String> primaryKey(Schema schema) {
    List<String> key = new ArrayList<>();
    for (NestedField field : schema.columns()) {
      if (schema.identifierFieldIds().contains(field.fieldId())) {
        key.add(field.name());
      }
    }
    return List.copyOf(key);
  }

  /** The Sheaf type of a field: from its doc when Sheaf wrote it, else from the Iceberg type. */
  public static SheafType sheafType(NestedField field) {
    String doc = field.doc();
    if (doc != null && doc.startsWith(DOC_PREFIX)) {
      return SheafType.parse(doc.substring(DOC_PREFIX.length()));
    }
    Type type = field.type();
    return switch (type.typeId()) {
      case BOOLEAN -> SheafType.of(TypeKind.BOOLEAN);
      case INTEGER -> SheafType.of(TypeKind.INTEGER);
      case LONG -> SheafType.of(TypeKind.BIGINT);
      case FLOAT -> SheafType.of(TypeKind.REAL);
      case DOUBLE -> SheafType.of(TypeKind.DOUBLE);
      case DECIMAL -> {
        Types.DecimalType decimal = (Types.DecimalType) type;
        yield SheafType.decimal(decimal.precision(), decimal.scale());
      }
      case STRING, UUID -> SheafType.of(TypeKind.VARCHAR);
      case DATE -> SheafType.of(TypeKind.DATE);
      case TIMESTAMP ->
          ((Types.TimestampType) type).shouldAdjustToUTC()
              ? SheafType.of(TypeKind.TIMESTAMP_TZ)
              : SheafType.of(TypeKind.TIMESTAMP);
      case BINARY, FIXED -> SheafType.of(TypeKind.VARBINARY);
      default ->
          throw SheafException.of(
              ErrorCode.UNSUPPORTED_TYPE,
              "Cannot read column '%s': Iceberg type %s has no Sheaf type",
              field.name(),
              type);
    };
  }
}
