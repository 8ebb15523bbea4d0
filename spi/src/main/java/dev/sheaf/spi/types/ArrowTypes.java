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

  /** The Sheaf type recorded on a field, or null when the field came from elsewhere. */
  public static SheafType sheafType(Field field) {
    Map<String, String> metadata = field.getMetadata();
    String text = metadata == null ? null : metadata.get(SHEAF_TYPE);
    return text == null ? null : SheafType.parse(text);
  }
}
