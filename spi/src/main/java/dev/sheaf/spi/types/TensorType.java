package dev.sheaf.spi.types;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A fixed-shape tensor in a result column, in Arrow's canonical extension {@code
 * arrow.fixed_shape_tensor}: a FixedSizeList of the elements of one cell, row-major, with the shape
 * in the extension metadata ({@code {"shape":[224,224,3]}}). pyarrow reads such a column as {@code
 * pa.FixedShapeTensorType}. A tensor cell's row value is the raw little-endian bytes of its
 * elements.
 */
public record TensorType(Element element, List<Integer> shape) {
  /** The extension's name, in the field metadata key {@link ArrowTypes#EXTENSION_NAME}. */
  public static final String EXTENSION = "arrow.fixed_shape_tensor";

  /** The field metadata key of the extension's JSON parameters. */
  public static final String EXTENSION_METADATA = "ARROW:extension:metadata";

  /** The type of a tensor's elements. */
  public enum Element {
    UINT8(1),
    FLOAT32(4);

    private final int bytes;

    Element(int bytes) {
      this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }

    ArrowType arrowType() {
      return this == UINT8
          ? new ArrowType.Int(8, false)
          : new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    }
  }

  public TensorType {
    requireNonNull(element, "element is null");
    shape = List.copyOf(requireNonNull(shape, "shape is null"));
    if (shape.isEmpty() || shape.stream().anyMatch(side -> side < 1)) {
      throw new IllegalArgumentException("tensor shape " + shape);
    }
  }

  /** Elements in one cell. */
  public int size() {
    long size = 1;
    for (int side : shape) {
      size *= side;
    }
    return Math.toIntExact(size);
  }

  /** Bytes of one cell. */
  public long cellBytes() {
    return (long) size() * element.bytes();
  }

  /** The Arrow field of a column of these tensors. */
  public Field field(String name, boolean nullable) {
    String json =
        shape.stream().map(String::valueOf).collect(Collectors.joining(",", "{\"shape\":[", "]}"));
    Map<String, String> metadata =
        Map.of(ArrowTypes.EXTENSION_NAME, EXTENSION, EXTENSION_METADATA, json);
    Field elements = new Field("item", FieldType.notNullable(element.arrowType()), null);
    return new Field(
        name,
        new FieldType(nullable, new ArrowType.FixedSizeList(size()), null, metadata),
        List.of(elements));
  }
}
