package dev.sheaf.planner.media;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Bulk-ingest batches with their media cells pinned: for each media column the client sends, a
 * string cell (a URI) is checked and pinned, a binary cell (the media bytes) is written to the
 * media destination and replaced by its URI; the pins travel in the hidden {@code _media_<col>}
 * columns, which the ingest matches by name like any other column. Other columns pass through
 * untouched (their buffers move).
 */
public final class MediaIngest extends ArrowReader {
  private final ArrowReader source;
  private final MediaPinning pinning;
  private final Map<String, SheafColumn> media = new HashMap<>();

  public MediaIngest(
      BufferAllocator allocator,
      ArrowReader source,
      MediaPinning pinning,
      List<SheafColumn> tableColumns) {
    super(allocator);
    this.source = source;
    this.pinning = pinning;
    for (SheafColumn column : tableColumns) {
      if (column.type().isMedia()) {
        media.put(column.name(), column);
      }
    }
  }

  /** Whether a client's batches hold a media column of the table (else there is nothing to do). */
  public static boolean needed(Schema client, List<SheafColumn> tableColumns) {
    return tableColumns.stream()
        .anyMatch(
            c ->
                c.type().isMedia()
                    && client.getFields().stream().anyMatch(f -> f.getName().equals(c.name())));
  }

  @Override
  protected Schema readSchema() throws IOException {
    List<Field> fields = new ArrayList<>();
    List<Field> pins = new ArrayList<>();
    for (Field field : source.getVectorSchemaRoot().getSchema().getFields()) {
      if (media.containsKey(field.getName())) {
        fields.add(Field.nullable(field.getName(), ArrowType.Utf8.INSTANCE));
        pins.add(
            Field.nullable(IcebergSchemas.pinColumn(field.getName()), ArrowType.Utf8.INSTANCE));
      } else {
        fields.add(field);
      }
    }
    fields.addAll(pins);
    return new Schema(fields);
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (!source.loadNextBatch()) {
      return false;
    }
    VectorSchemaRoot in = source.getVectorSchemaRoot();
    VectorSchemaRoot out = getVectorSchemaRoot();
    int count = in.getRowCount();
    for (FieldVector from : in.getFieldVectors()) {
      String name = from.getField().getName();
      FieldVector to = out.getVector(name);
      SheafColumn column = media.get(name);
      if (column == null) {
        from.makeTransferPair(to).transfer();
      } else {
        fill(
            column,
            from,
            (VarCharVector) to,
            (VarCharVector) out.getVector(IcebergSchemas.pinColumn(name)),
            count);
      }
    }
    out.setRowCount(count);
    return true;
  }

  private void fill(
      SheafColumn column, FieldVector from, VarCharVector uris, VarCharVector pins, int count) {
    uris.allocateNew(count);
    pins.allocateNew(count);
    for (int r = 0; r < count; r++) {
      Object value = from.isNull(r) ? null : from.getObject(r);
      String uri = null;
      String pin = null;
      if (value instanceof byte[] bytes) {
        MediaPinning.WrittenMedia written = pinning.write(column, bytes);
        uri = written.uri();
        pin = written.pin();
      } else if (value != null) {
        uri = value.toString();
        pin = pinning.encodedPin(column, uri);
      }
      if (uri == null) {
        uris.setNull(r);
      } else {
        uris.setSafe(r, uri.getBytes(StandardCharsets.UTF_8));
      }
      if (pin == null) {
        pins.setNull(r);
      } else {
        pins.setSafe(r, pin.getBytes(StandardCharsets.UTF_8));
      }
    }
    uris.setValueCount(count);
    pins.setValueCount(count);
  }

  @Override
  public long bytesRead() {
    return source.bytesRead();
  }

  /** The caller owns the client's batches; closing this releases only its own vectors. */
  @Override
  protected void closeReadSource() {}
}
