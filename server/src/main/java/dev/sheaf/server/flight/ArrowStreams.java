package dev.sheaf.server.flight;

import dev.sheaf.planner.exec.StatementResult;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/** Sends statement results to Flight clients, batch by batch, waiting while the client is slow. */
final class ArrowStreams {
  /** How long a stream waits for a client that stopped reading before giving up. */
  static final long CLIENT_WAIT_MILLIS = 10 * 60 * 1000L;

  /** How often a waiting stream looks at its cancel flag. */
  private static final long POLL_MILLIS = 100;

  private ArrowStreams() {}

  /**
   * Streams a result. The next batch is read (decoded) before the stream waits for the client, and
   * up to {@link SendAhead#DEFAULT_BYTES} are queued beyond gRPC's readiness, so decoding, copying
   * into gRPC's buffers and writing to the socket overlap. Batches are copied into gRPC's message
   * buffers (Flight's default): sending the vectors' own buffers zero-copy ({@code setUseZeroCopy})
   * took less CPU but measured slower, 2.2M against 2.9M rows/s for a 10M-row SELECT *
   * (benchmarks/RESULTS.md, 2026-11-25 19:16 and 19:18; again 2026-12-07).
   */
  static void send(StatementResult result, ServerStreamListener listener, AtomicBoolean cancel) {
    try (result) {
      ArrowReader reader = result.rows();
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      listener.setOnCancelHandler(() -> cancel.set(true));
      BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
      backpressure.register(listener);
      listener.start(root);
      SendAhead ahead = new SendAhead(SendAhead.DEFAULT_BYTES);
      while (reader.loadNextBatch()) {
        if (ahead.mustWait(listener.isReady())) {
          if (!awaitClient(backpressure, cancel)) {
            return;
          }
          ahead.clientReady();
        } else if (cancel.get()) {
          throw cancelled();
        }
        ahead.sent(bytes(root));
        listener.putNext();
      }
      listener.completed();
    } catch (IOException e) {
      listener.error(FlightErrors.toFlight(new UncheckedIOException(e)));
    } catch (RuntimeException e) {
      if (!listener.isCancelled()) {
        listener.error(FlightErrors.toFlight(e));
      }
    }
  }

  /**
   * Waits until the client can take the next batch: true when it can, false when it went away.
   * Checks the cancel flag while it waits, so a cancelled query stops even when its client is slow.
   */
  private static boolean awaitClient(BackpressureStrategy backpressure, AtomicBoolean cancel) {
    long waited = 0;
    while (true) {
      if (cancel.get()) {
        throw cancelled();
      }
      BackpressureStrategy.WaitResult wait = backpressure.waitForListener(POLL_MILLIS);
      switch (wait) {
        case READY -> {
          return true;
        }
        case TIMEOUT -> {
          waited += POLL_MILLIS;
          if (waited >= CLIENT_WAIT_MILLIS) {
            cancel.set(true);
            throw new SheafException(
                ErrorCode.CANCELLED,
                "Cannot finish the stream: the client stopped reading for "
                    + CLIENT_WAIT_MILLIS / 1000
                    + " s (read results as they come)");
          }
        }
        default -> {
          cancel.set(true);
          return false;
        }
      }
    }
  }

  private static SheafException cancelled() {
    return new SheafException(
        ErrorCode.CANCELLED, "Cannot finish the query: it was cancelled (run it again)");
  }

  /** The bytes of a batch's buffers: what copying it into gRPC's buffers adds to the queue. */
  static long bytes(VectorSchemaRoot root) {
    long bytes = 0;
    for (FieldVector vector : root.getFieldVectors()) {
      bytes += vector.getBufferSize();
    }
    return bytes;
  }

  /** An Arrow schema as the IPC message bytes Flight SQL puts in its metadata. */
  static byte[] serialize(Schema schema) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
