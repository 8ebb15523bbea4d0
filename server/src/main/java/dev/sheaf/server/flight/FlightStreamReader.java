package dev.sheaf.server.flight;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The batches a client puts on a Flight stream, as an Arrow reader (no copies: buffers move).
 * Dictionary-encoded columns (a pandas Categorical, a Polars Categorical, Arrow dictionaries) are
 * decoded into their values: the reader's schema has the values' types, so a table of labels gets
 * the labels, never their codes.
 */
final class FlightStreamReader extends ArrowReader {
  private final FlightStream stream;
  private final BufferAllocator allocator;

  /** Whether the stream's first batch was read early (for its dictionaries) and not loaded yet. */
  private boolean pending;

  /** Whether the stream had a batch when it was read early. */
  private boolean pendingHasBatch;

  FlightStreamReader(BufferAllocator allocator, FlightStream stream) {
    super(allocator);
    this.allocator = allocator;
    this.stream = stream;
  }

  @Override
  public boolean loadNextBatch() throws java.io.IOException {
    if (pending) {
      pending = false;
      if (!pendingHasBatch) {
        return false;
      }
    } else if (!stream.next()) {
      return false;
    }
    VectorSchemaRoot in = stream.getRoot();
    if (!encoded(stream.getSchema())) {
      VectorUnloader unloader = new VectorUnloader(in);
      try (ArrowRecordBatch batch = unloader.getRecordBatch()) {
        new VectorLoader(getVectorSchemaRoot()).load(batch);
      }
      return true;
    }
    VectorSchemaRoot out = getVectorSchemaRoot();
    List<Field> fields = stream.getSchema().getFields();
    for (int i = 0; i < fields.size(); i++) {
      FieldVector source = in.getVector(i);
      FieldVector target = out.getVector(i);
      if (fields.get(i).getDictionary() == null) {
        source.makeTransferPair(target).transfer();
        continue;
      }
      Dictionary dictionary =
          stream.getDictionaryProvider().lookup(fields.get(i).getDictionary().getId());
      try (ValueVector decoded = DictionaryEncoder.decode(source, dictionary, allocator)) {
        decoded.makeTransferPair(target).transfer();
      }
    }
    out.setRowCount(in.getRowCount());
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    // the Flight framework closes the stream
  }

  @Override
  protected Schema readSchema() {
    Schema schema = stream.getSchema();
    if (!encoded(schema)) {
      return schema;
    }
    // dictionaries travel before the first batch that uses them: read it now to know the types
    pending = true;
    pendingHasBatch = stream.next();
    return new Schema(
        schema.getFields().stream().map(this::decoded).toList(), schema.getCustomMetadata());
  }

  private static boolean encoded(Schema schema) {
    return schema.getFields().stream().anyMatch(field -> field.getDictionary() != null);
  }

  /**
   * A dictionary-encoded field (in memory its type is the index type) as a field of the
   * dictionary's values.
   */
  private Field decoded(Field field) {
    if (field.getDictionary() == null) {
      return field;
    }
    Dictionary dictionary = stream.getDictionaryProvider().lookup(field.getDictionary().getId());
    if (dictionary == null) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot ingest dictionary-encoded column '%s': the stream sent no dictionary for it",
          field.getName());
    }
    Field values = dictionary.getVector().getField();
    return new Field(
        field.getName(),
        new FieldType(field.isNullable(), values.getType(), null, field.getMetadata()),
        values.getChildren());
  }
}
