package dev.sheaf.server.flight;

import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** The batches a client puts on a Flight stream, as an Arrow reader (no copies: buffers move). */
final class FlightStreamReader extends ArrowReader {
  private final FlightStream stream;

  FlightStreamReader(BufferAllocator allocator, FlightStream stream) {
    super(allocator);
    this.stream = stream;
  }

  @Override
  public boolean loadNextBatch() throws java.io.IOException {
    if (!stream.next()) {
      return false;
    }
    VectorUnloader unloader = new VectorUnloader(stream.getRoot());
    try (ArrowRecordBatch batch = unloader.getRecordBatch()) {
      new VectorLoader(getVectorSchemaRoot()).load(batch);
    }
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
    return stream.getSchema();
  }
}
