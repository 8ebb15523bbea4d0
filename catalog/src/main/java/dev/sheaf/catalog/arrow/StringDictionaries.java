package dev.sheaf.catalog.arrow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Which string columns of a data file Arrow's Parquet reader hands back as dictionaries. Parquet
 * already stores a low-cardinality string column as dictionary pages; Arrow's reader decodes them
 * into plain strings unless the file's {@code ARROW:schema} metadata (the Arrow schema the file was
 * written from, as Arrow's own writers store it) says the column is dictionary-encoded. A file
 * written with that entry for such columns is read with the strings decoded once per dictionary
 * page instead of once per row, and the scan can keep them encoded until it knows which rows it
 * wants. Other Parquet readers (parquet-java, Iceberg, DuckDB) ignore the entry. Arrow's Java
 * writer cannot be given file metadata, so the entry is added to the footer afterwards ({@link
 * FooterMetadata}).
 *
 * <p>A column counts as low-cardinality when the first batch of a file holds at most one distinct
 * value per {@value #ROWS_PER_VALUE} rows (and at most {@value #MAX_VALUES} values): the choice is
 * made before the file is written, and a wrong guess costs speed, never correctness.
 */
final class StringDictionaries {
  /** The Parquet key-value entry Arrow's readers take the original Arrow schema from. */
  static final String ARROW_SCHEMA = "ARROW:schema";

  static final int ROWS_PER_VALUE = 10;
  static final int MAX_VALUES = 1 << 16;

  private StringDictionaries() {}

  /**
   * The {@code ARROW:schema} entry for a file written from {@code schema} whose first batch is
   * {@code first}: the schema with its low-cardinality string columns marked dictionary-encoded;
   * null when it has none.
   */
  static String forFile(Schema schema, VectorSchemaRoot first) {
    List<Field> stored = new ArrayList<>();
    boolean any = false;
    for (Field field : schema.getFields()) {
      FieldVector vector = first == null ? null : first.getVector(field.getName());
      if (vector instanceof VarCharVector strings && lowCardinality(strings)) {
        stored.add(
            new Field(
                field.getName(),
                new FieldType(
                    field.isNullable(),
                    field.getType(),
                    new DictionaryEncoding(stored.size(), false, new ArrowType.Int(32, true)),
                    field.getMetadata()),
                field.getChildren()));
        any = true;
      } else {
        Field asRead = asRead(field);
        if (asRead == null) {
          return null; // a type the entry could change on reading: no entry, plain strings
        }
        stored.add(asRead);
      }
    }
    return any ? encode(new Schema(stored)) : null;
  }

  /**
   * A field as Arrow's reader makes it from the file without the entry, so that the entry changes
   * nothing but the dictionary columns: a fixed-size list (a VECTOR) is a plain list in Parquet and
   * must come back as one (a NULL vector is an empty list there); null for a type whose reading the
   * entry might change otherwise (structs, maps, unions).
   */
  private static Field asRead(Field field) {
    ArrowType type = field.getType();
    List<Field> children = new ArrayList<>();
    for (Field child : field.getChildren()) {
      Field read = asRead(child);
      if (read == null) {
        return null;
      }
      children.add(read);
    }
    if (type instanceof ArrowType.FixedSizeList || type instanceof ArrowType.List) {
      type = ArrowType.List.INSTANCE;
    } else if (type.isComplex() || type instanceof ArrowType.ExtensionType) {
      return null;
    }
    return new Field(
        field.getName(),
        new FieldType(field.isNullable(), type, null, field.getMetadata()),
        children);
  }

  private static boolean lowCardinality(VarCharVector strings) {
    int rows = strings.getValueCount();
    if (rows < ROWS_PER_VALUE) {
      return false;
    }
    int limit = Math.min(MAX_VALUES, rows / ROWS_PER_VALUE);
    Set<ByteBuffer> values = new HashSet<>();
    for (int row = 0; row < rows; row++) {
      if (!strings.isNull(row) && values.add(ByteBuffer.wrap(strings.get(row)))) {
        if (values.size() > limit) {
          return false;
        }
      }
    }
    return true;
  }

  /** The schema as Arrow's writers store it: an IPC schema message, base64-encoded. */
  private static String encode(Schema schema) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
