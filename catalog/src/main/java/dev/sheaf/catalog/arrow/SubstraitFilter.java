package dev.sheaf.catalog.arrow;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Writes a {@link RowFilter} as a Substrait {@code ExtendedExpression}, the form in which Arrow's
 * Dataset scanner takes a filter over JNI ({@code ScanOptions.Builder.substraitFilter}). Only the
 * handful of Substrait messages a filter needs are written, by hand, in protobuf's wire format.
 *
 * <p>Substrait refers to a column by its position, and Arrow resolves that position against the
 * file's own schema as well as the dataset's: the scan's dataset schema is the file's, and the
 * expression's base schema ({@link #columns()}) is the file's columns up to the last one the filter
 * reads. A column the filter does not read holds its place with a placeholder type where its own is
 * not one written here (Arrow binds only the columns an expression reads). Columns of types other
 * than INT32, INT64, DATE (days), UTF8 and BOOL are not encoded; a part of the filter that reads
 * one, or a column the file lacks, is left out when it is a conjunct of the top-level AND (the
 * scanner then returns more rows, never fewer, and the caller's own predicate runs after), and
 * makes the whole filter unencodable otherwise.
 */
public final class SubstraitFilter {
  static final String COMPARISON =
      "https://github.com/substrait-io/substrait/blob/main/extensions/functions_comparison.yaml";
  static final String BOOLEAN =
      "https://github.com/substrait-io/substrait/blob/main/extensions/functions_boolean.yaml";

  // Substrait field numbers (proto/substrait/*.proto)
  private static final int TYPE_BOOL = 1;
  private static final int TYPE_I32 = 5;
  private static final int TYPE_I64 = 7;
  private static final int TYPE_STRING = 12;
  private static final int TYPE_DATE = 16;
  private static final int NULLABLE = 1;
  private static final int REQUIRED = 2;

  private final Map<Integer, Field> fileFields;
  private final List<Field> columns = new ArrayList<>();
  private final Map<Integer, Integer> positions = new LinkedHashMap<>();
  private final Map<String, Integer> functions = new LinkedHashMap<>();
  private final RowFilter pushed;

  /**
   * @param fileSchema the data file's Arrow fields, in the file's order
   * @param fileFields the same fields by Iceberg field id
   */
  private SubstraitFilter(
      RowFilter filter, List<Field> fileSchema, Map<Integer, Field> fileFields) {
    this.fileFields = fileFields;
    RowFilter kept;
    if (filter instanceof RowFilter.And and) {
      List<RowFilter> parts = new ArrayList<>();
      for (RowFilter part : and.parts()) {
        if (encodable(part)) {
          parts.add(part);
        }
      }
      kept = parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new RowFilter.And(parts);
    } else {
      kept = encodable(filter) ? filter : null;
    }
    this.pushed = kept;
    if (kept != null) {
      java.util.Set<Integer> ids = new java.util.TreeSet<>();
      kept.addFieldIds(ids);
      int last = -1;
      for (int id : ids) {
        last = Math.max(last, fileSchema.indexOf(fileFields.get(id)));
      }
      for (int i = 0; i <= last; i++) {
        columns.add(fileSchema.get(i));
      }
      for (int id : ids) {
        positions.put(id, fileSchema.indexOf(fileFields.get(id)));
      }
    }
  }

  /**
   * The part of {@code filter} Arrow's scanner can evaluate on a file with these fields (in file
   * order, and by Iceberg field id), or null when no part can be.
   */
  public static SubstraitFilter of(
      RowFilter filter, List<Field> fileSchema, Map<Integer, Field> fileFields) {
    SubstraitFilter encoder = new SubstraitFilter(filter, fileSchema, fileFields);
    return encoder.pushed == null ? null : encoder;
  }

  /** The filter as pushed (the encodable part of the one given). */
  public RowFilter pushed() {
    return pushed;
  }

  /** The base schema of the expression: the file's columns up to the last the filter reads. */
  public List<Field> columns() {
    return List.copyOf(columns);
  }

  /** The serialized ExtendedExpression, in a direct buffer as the JNI scanner requires. */
  public ByteBuffer encode() {
    functions.clear();
    Proto expression = expression(pushed);
    Proto message = new Proto();
    message.message(7, new Proto().varint(1, 0).varint(2, 44).varint(3, 0)); // version 0.44.0
    List<String> uris = List.of(COMPARISON, BOOLEAN);
    for (int i = 0; i < uris.size(); i++) {
      message.message(1, new Proto().varint(1, i + 1).string(2, uris.get(i)));
    }
    for (Map.Entry<String, Integer> function : functions.entrySet()) {
      String[] parts = function.getKey().split("\\|", 2);
      Proto declaration =
          new Proto()
              .varint(1, uris.indexOf(parts[0]) + 1)
              .varint(2, function.getValue())
              .string(3, parts[1]);
      message.message(2, new Proto().message(3, declaration));
    }
    message.message(3, new Proto().message(1, expression).string(3, "filter"));
    Proto struct = new Proto();
    Proto names = new Proto();
    for (Field column : columns) {
      names.string(1, column.getName());
      // Arrow binds only the columns the expression reads: a column it does not read holds its
      // position with its own type where that is one written here, a boolean otherwise
      int type = typeField(column);
      struct.message(
          1, new Proto().message(type == 0 ? TYPE_BOOL : type, new Proto().varint(2, NULLABLE)));
    }
    struct.varint(3, REQUIRED);
    message.message(4, names.message(2, struct));
    byte[] bytes = message.toBytes();
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
    buffer.put(bytes).flip();
    return buffer;
  }

  private boolean encodable(RowFilter filter) {
    return switch (filter) {
      case RowFilter.Compare compare ->
          typeField(fileFields.get(compare.fieldId())) != 0
              && literalFits(fileFields.get(compare.fieldId()).getType(), compare.value());
      case RowFilter.IsNull isNull -> typeField(fileFields.get(isNull.fieldId())) != 0;
      case RowFilter.And and -> and.parts().stream().allMatch(this::encodable);
      case RowFilter.Or or -> or.parts().stream().allMatch(this::encodable);
      case RowFilter.Not not -> encodable(not.inner());
    };
  }

  /** The Substrait type field of a column's Arrow type; 0 when not encoded here. */
  private static int typeField(Field field) {
    return field == null ? 0 : typeField(field.getType());
  }

  private static int typeField(ArrowType type) {
    return switch (type) {
      case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 32 ->
          TYPE_I32;
      case ArrowType.Int integer when integer.getIsSigned() && integer.getBitWidth() == 64 ->
          TYPE_I64;
      case ArrowType.Date date when date.getUnit() == DateUnit.DAY -> TYPE_DATE;
      case ArrowType.Utf8 text -> TYPE_STRING;
      case ArrowType.Bool bool -> TYPE_BOOL;
      default -> 0;
    };
  }

  private static boolean literalFits(ArrowType type, Object value) {
    return switch (typeField(type)) {
      case TYPE_I32, TYPE_DATE ->
          value instanceof Long number
              && number >= Integer.MIN_VALUE
              && number <= Integer.MAX_VALUE;
      case TYPE_I64 -> value instanceof Long;
      case TYPE_STRING -> value instanceof String;
      case TYPE_BOOL -> value instanceof Boolean;
      default -> false;
    };
  }

  private Proto expression(RowFilter filter) {
    return switch (filter) {
      case RowFilter.Compare compare ->
          call(
              COMPARISON,
              compare.operator().function(),
              column(compare.fieldId()),
              literal(compare.fieldId(), compare.value()));
      case RowFilter.IsNull isNull ->
          call(COMPARISON, isNull.negated() ? "is_not_null" : "is_null", column(isNull.fieldId()));
      case RowFilter.And and -> binary("and", and.parts());
      case RowFilter.Or or -> binary("or", or.parts());
      case RowFilter.Not not -> call(BOOLEAN, "not", expression(not.inner()));
    };
  }

  /** Arrow maps Substrait's and/or to two-argument kernels: longer lists nest. */
  private Proto binary(String function, List<RowFilter> parts) {
    Proto result = expression(parts.get(0));
    for (int i = 1; i < parts.size(); i++) {
      result = call(BOOLEAN, function, result, expression(parts.get(i)));
    }
    return result;
  }

  private Proto call(String uri, String name, Proto... arguments) {
    int anchor = functions.computeIfAbsent(uri + "|" + name, key -> functions.size() + 1);
    Proto function = new Proto().varint(1, anchor);
    for (Proto argument : arguments) {
      function.message(4, new Proto().message(3, argument));
    }
    function.message(3, new Proto().message(TYPE_BOOL, new Proto().varint(2, NULLABLE)));
    return new Proto().message(3, function);
  }

  private Proto column(int fieldId) {
    Proto segment = new Proto().message(2, new Proto().varint(1, positions.get(fieldId)));
    return new Proto().message(2, new Proto().message(1, segment).message(4, new Proto()));
  }

  private Proto literal(int fieldId, Object value) {
    Proto literal = new Proto();
    switch (typeField(fileFields.get(fieldId))) {
      case TYPE_I32 -> literal.varint(5, (Long) value);
      case TYPE_I64 -> literal.varint(7, (Long) value);
      case TYPE_DATE -> literal.varint(16, (Long) value);
      case TYPE_STRING -> literal.string(12, (String) value);
      default -> literal.varint(1, ((Boolean) value) ? 1 : 0);
    }
    literal.varint(50, 0); // not nullable
    return new Proto().message(1, literal);
  }

  /** One protobuf message being written: fields in the order added. */
  private static final class Proto {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
      return this;
    }

    Proto string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto value) {
      return bytes(field, value.toBytes());
    }

    private Proto bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      bytes.writeBytes(value);
      return this;
    }

    private void raw(long value) {
      long rest = value;
      while ((rest & ~0x7FL) != 0) {
        bytes.write((int) ((rest & 0x7F) | 0x80));
        rest >>>= 7;
      }
      bytes.write((int) rest);
    }

    byte[] toBytes() {
      return bytes.toByteArray();
    }
  }
}
