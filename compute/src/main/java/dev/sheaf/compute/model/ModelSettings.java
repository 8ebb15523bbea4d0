package dev.sheaf.compute.model;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;

/**
 * How models run: the directory that CREATE MODEL may load files from ({@code root}), how many
 * texts go into one ONNX call ({@code batchSize}), how many batches run at once ({@code threads},
 * the bounded pool) and ONNX Runtime's threads inside one call ({@code intraOpThreads}).
 */
public record ModelSettings(Path root, int batchSize, int threads, int intraOpThreads) {
  public static final int DEFAULT_BATCH_SIZE = 32;

  public ModelSettings {
    requireNonNull(root, "root is null");
    root = root.toAbsolutePath().normalize();
    check("batch size", batchSize, 1, 4096);
    check("threads", threads, 1, 256);
    check("intra-op threads", intraOpThreads, 1, 256);
  }

  /**
   * Models under {@code <dataDirectory>/models}; batches of 32; as many batches at once as the
   * machine has cores, one ONNX Runtime thread each. The JVM properties {@code
   * sheaf.model.batch-size}, {@code sheaf.model.threads} and {@code sheaf.model.intra-op-threads}
   * change them.
   */
  public static ModelSettings defaults(Path dataDirectory) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new ModelSettings(
        dataDirectory.resolve("models"),
        Integer.getInteger("sheaf.model.batch-size", DEFAULT_BATCH_SIZE),
        Integer.getInteger("sheaf.model.threads", cores),
        Integer.getInteger("sheaf.model.intra-op-threads", 1));
  }

  public ModelSettings withRoot(Path newRoot) {
    return new ModelSettings(newRoot, batchSize, threads, intraOpThreads);
  }

  public ModelSettings withBatchSize(int size) {
    return new ModelSettings(root, size, threads, intraOpThreads);
  }

  private static void check(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use model %s %d: it must be between %d and %d",
          what,
          value,
          min,
          max);
    }
  }
}
