package dev.sheaf.spi.types;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The Arrow form of Sheaf types. Every field carries its Sheaf type in the metadata key {@link
 * #SHEAF_TYPE}, so a client can tell an IMAGE column from a VARCHAR one and read a vector's
 * dimension.
 */
public final class ArrowTypes {
  /** Arrow field metadata key holding the Sheaf type's text form, e.g. {@code VECTOR(512)}. */
  public static final String SHEAF_TYPE = "sheaf.type";

  /** Arrow's canonical JSON extension name, written beside {@link #SHEAF_TYPE} for JSON columns. */
  public static final String EXTENSION_NAME = "ARROW:extension:name";

  private ArrowTypes() {}

  public static Field field(SheafColumn column) {
    return field(column.name(), column.type(), column.nullable());
  }

  public static Field field(String name, SheafType type, boolean nullable) {
    Map<String, String> metadata = Map.of(SHEAF_TYPE, type.toString());
    if (type.kind() == TypeKind.VECTOR) {
      Field element =
          new Field(
              "element",
              FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
              null);
      return new Field(
          name,
          new FieldType(nullable, new ArrowType.FixedSizeList(type.dimension()), null, metadata),
          List.of(element));
    }
    return new Field(name, new FieldType(nullable, arrowType(type), null, metadata), null);
  }

  /** The Arrow type of a scalar Sheaf type (VECTOR is a list; see {@link #field}). */
  public static ArrowType arrowType(SheafType type) {
    return switch (type.kind()) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case INTEGER -> new ArrowType.Int(32, true);
      case BIGINT -> new ArrowType.Int(64, true);
      case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(type.precision(), type.scale(), 128);
      case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT -> ArrowType.Utf8.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case TIMESTAMP_TZ -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      case VARBINARY -> ArrowType.Binary.INSTANCE;
      case VECTOR -> new ArrowType.FixedSizeList(type.dimension());
    };
  }

  /**
   * The Sheaf type recorded on a field, or null when the field came from elsewhere. A binary field
   * that names a media type holds the bytes of such media ({@code fetch(img)}): VARBINARY values.
   */
  public static SheafType sheafType(Field field) {
    Map<String, String> metadata = field.getMetadata();
    String text = metadata == null ? null : metadata.get(SHEAF_TYPE);
    if (text == null) {
      return null;
    }
    SheafType type = SheafType.parse(text);
    if (type.isMedia() && field.getType() instanceof ArrowType.Binary) {
      return SheafType.of(TypeKind.VARBINARY);
    }
    return type;
  }

  /**
   * The Sheaf type for a column a client sends: the type recorded in its metadata, else the Sheaf
   * type that holds every value of its Arrow type unchanged; null when there is none (time of day,
   * durations, intervals, unions, a column of only nulls, decimals over 38 digits). Unsigned
   * integers widen (8 and 16 bits to INTEGER, 32 to BIGINT, 64 to DECIMAL(20,0)), half floats to
   * REAL, every string and binary layout to VARCHAR and VARBINARY, dictionary-encoded columns to
   * their values' type; lists of floating point numbers of a fixed size are vectors, other lists,
   * structs and maps JSON.
   */
  public static SheafType inferSheafType(Field field) {
    SheafType recorded = sheafType(field);
    if (recorded != null) {
      return recorded;
    }
    ArrowType type = field.getType();
    return switch (type) {
      case ArrowType.Bool b -> SheafType.of(TypeKind.BOOLEAN);
      case ArrowType.Int i when !i.getIsSigned() ->
          switch (i.getBitWidth()) {
            case 8, 16 -> SheafType.of(TypeKind.INTEGER);
            case 32 -> SheafType.of(TypeKind.BIGINT);
            default -> SheafType.decimal(20, 0);
          };
      case ArrowType.Int i ->
          SheafType.of(i.getBitWidth() <= 32 ? TypeKind.INTEGER : TypeKind.BIGINT);
      case ArrowType.FloatingPoint f ->
          SheafType.of(
              f.getPrecision() == FloatingPointPrecision.DOUBLE ? TypeKind.DOUBLE : TypeKind.REAL);
      case ArrowType.Decimal d when d.getPrecision() <= 38 ->
          SheafType.decimal(d.getPrecision(), d.getScale());
      case ArrowType.Utf8 u -> SheafType.of(TypeKind.VARCHAR);
      case ArrowType.LargeUtf8 u -> SheafType.of(TypeKind.VARCHAR);
      case ArrowType.Utf8View u -> SheafType.of(TypeKind.VARCHAR);
      case ArrowType.Binary b -> SheafType.of(TypeKind.VARBINARY);
      case ArrowType.LargeBinary b -> SheafType.of(TypeKind.VARBINARY);
      case ArrowType.BinaryView b -> SheafType.of(TypeKind.VARBINARY);
      case ArrowType.FixedSizeBinary b -> SheafType.of(TypeKind.VARBINARY);
      case ArrowType.Date d -> SheafType.of(TypeKind.DATE);
      case ArrowType.Timestamp t ->
          SheafType.of(t.getTimezone() == null ? TypeKind.TIMESTAMP : TypeKind.TIMESTAMP_TZ);
      case ArrowType.FixedSizeList list
          when field.getChildren().size() == 1
              && field.getChildren().get(0).getType() instanceof ArrowType.FloatingPoint ->
          SheafType.vector(list.getListSize());
      case ArrowType.FixedSizeList list -> SheafType.of(TypeKind.JSON);
      case ArrowType.List list -> SheafType.of(TypeKind.JSON);
      case ArrowType.LargeList list -> SheafType.of(TypeKind.JSON);
      case ArrowType.Struct struct -> SheafType.of(TypeKind.JSON);
      case ArrowType.Map map -> SheafType.of(TypeKind.JSON);
      default -> null;
    };
  }
}
