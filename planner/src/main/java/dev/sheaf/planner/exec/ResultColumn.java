package dev.sheaf.planner.exec;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A column of a statement's result: its name, Sheaf type and nullability, and for bytes computed
 * from one media column ({@code fetch(img)}, {@code thumbnail(img, 128)}) that column's media type,
 * which the result field names in its {@code sheaf.type} so clients can decode the bytes as images
 * (a Hugging Face {@code Image()} feature, a tensor).
 */
public record ResultColumn(String name, SheafType type, boolean nullable, SheafType bytesOf) {
  public ResultColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (bytesOf != null && (type.kind() != TypeKind.VARBINARY || !bytesOf.isMedia())) {
      throw new IllegalArgumentException("bytes of " + bytesOf + " in a " + type + " column");
    }
  }

  public ResultColumn(String name, SheafType type, boolean nullable) {
    this(name, type, nullable, null);
  }

  /** The Arrow field of this column. */
  public Field field() {
    if (bytesOf == null) {
      return ArrowTypes.field(name, type, nullable);
    }
    return new Field(
        name,
        new FieldType(
            nullable,
            ArrowType.Binary.INSTANCE,
            null,
            Map.of(ArrowTypes.SHEAF_TYPE, bytesOf.toString())),
        null);
  }
}
