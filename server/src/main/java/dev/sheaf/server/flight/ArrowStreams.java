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
   * Streams a result. The batches go out zero-copy: gRPC writes the vectors' own buffers instead of
   * copying each batch into its message buffers first. That is safe because every Sheaf reader
   * loads each batch into fresh buffers (allocateNew, or buffers transferred from the decoder) and
   * never writes into a batch it already handed out; the message holds its own reference to the
   * buffers until they are written, and the backpressure wait bounds how many batches that is.
   */
  static void send(StatementResult result, ServerStreamListener listener, AtomicBoolean cancel) {
    try (result) {
      ArrowReader reader = result.rows();
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      listener.setOnCancelHandler(() -> cancel.set(true));
      listener.setUseZeroCopy(true);
      BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
      backpressure.register(listener);
      listener.start(root);
      while (reader.loadNextBatch()) {
        if (!awaitClient(backpressure, cancel)) {
          return;
        }
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
        throw new SheafException(
            ErrorCode.CANCELLED, "Cannot finish the query: it was cancelled (run it again)");
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
