package dev.sheaf.planner.exec;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TensorType;
import dev.sheaf.spi.types.TypeKind;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A column of a statement's result: its name, Sheaf type and nullability, and for bytes computed
 * from one media column ({@code fetch(img)}, {@code thumbnail(img, 128)}) that column's media type,
 * which the result field names in its {@code sheaf.type} so clients can decode the bytes as images
 * (a Hugging Face {@code Image()} feature, a tensor). A {@code to_tensor(...)} column is VARBINARY
 * to Calcite (the raw bytes of each cell's elements) and {@code tensor} says its shape: its Arrow
 * field is then the {@code arrow.fixed_shape_tensor} extension ({@link TensorType}).
 */
public record ResultColumn(
    String name, SheafType type, boolean nullable, SheafType bytesOf, TensorType tensor) {
  public ResultColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (bytesOf != null && (type.kind() != TypeKind.VARBINARY || !bytesOf.isMedia())) {
      throw new IllegalArgumentException("bytes of " + bytesOf + " in a " + type + " column");
    }
    if (tensor != null && (type.kind() != TypeKind.VARBINARY || bytesOf != null)) {
      throw new IllegalArgumentException("a tensor in a " + type + " column");
    }
  }

  public ResultColumn(String name, SheafType type, boolean nullable, SheafType bytesOf) {
    this(name, type, nullable, bytesOf, null);
  }

  public ResultColumn(String name, SheafType type, boolean nullable) {
    this(name, type, nullable, null, null);
  }

  /** The Arrow field of this column. */
  public Field field() {
    if (tensor != null) {
      return tensor.field(name, nullable);
    }
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
