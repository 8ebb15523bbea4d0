package dev.sheaf.compute.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens ONNX Runtime sessions with Sheaf's options and closes them all at the end: the CPU
 * execution provider by default, CUDA's when ONNX Runtime's build has it (the {@code
 * onnxruntime_gpu} jar on a machine with a GPU); ONNX Runtime's own threads per call fixed by
 * {@link ModelSettings#intraOpThreads()}. A session is thread-safe: batches of one model run on it
 * at once.
 */
public final class ModelSessions implements AutoCloseable {
  private final OrtEnvironment environment;
  private final int intraOpThreads;
  private final List<OrtSession> open = new ArrayList<>();
  private boolean closed;

  public ModelSessions(int intraOpThreads) {
    this.environment = OrtEnvironment.getEnvironment();
    this.intraOpThreads = intraOpThreads;
  }

  OrtEnvironment environment() {
    return environment;
  }

  /** Whether sessions run on CUDA (ONNX Runtime has the provider), else on the CPU. */
  public static boolean cudaAvailable() {
    return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
  }

  /** Opens a session over a model's bytes (an ONNX protobuf); {@code what} names it in errors. */
  synchronized OrtSession open(byte[] model, String what) {
    if (closed) {
      throw new IllegalStateException("model sessions are closed");
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (cudaAvailable()) {
        options.addCUDA();
      }
      OrtSession session = environment.createSession(model, options);
      open.add(session);
      return session;
    } catch (OrtException e) {
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load model "
              + what
              + ": ONNX Runtime refused it ("
              + firstLine(e.getMessage())
              + "; is it an ONNX file?)",
          e);
    }
  }

  /** Closes one session (a dropped model) now. */
  synchronized void close(OrtSession session) {
    if (open.remove(session)) {
      closeQuietly(session);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (OrtSession session : open) {
      closeQuietly(session);
    }
    open.clear();
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // closing frees native memory; nothing to do when it fails
    }
  }

  static String firstLine(String message) {
    return message == null ? "no message" : message.split("\n")[0];
  }
}
