package dev.sheaf.compute.model;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs a model over many inputs: cut into batches of the configured size, run on the registry's
 * bounded pool (a single batch on the calling thread), each batch one ONNX call; the vectors come
 * back in the inputs' order.
 */
final class ModelBatches {
  private final String model;
  private final ExecutorService pool;
  private final int batchSize;

  ModelBatches(String model, ExecutorService pool, int batchSize) {
    this.model = model;
    this.pool = pool;
    this.batchSize = batchSize;
  }

  <T> float[][] run(List<T> inputs, Function<List<T>, float[][]> batch) {
    if (inputs.isEmpty()) {
      return new float[0][];
    }
    if (inputs.size() <= batchSize) {
      return batch.apply(inputs);
    }
    List<Future<float[][]>> batches = new ArrayList<>();
    for (int from = 0; from < inputs.size(); from += batchSize) {
      List<T> part = inputs.subList(from, Math.min(inputs.size(), from + batchSize));
      batches.add(pool.submit(() -> batch.apply(part)));
    }
    float[][] vectors = new float[inputs.size()][];
    int at = 0;
    try {
      for (Future<float[][]> part : batches) {
        float[][] done = part.get();
        System.arraycopy(done, 0, vectors, at, done.length);
        at += done.length;
      }
    } catch (InterruptedException e) {
      batches.forEach(b -> b.cancel(true));
      Thread.currentThread().interrupt();
      throw new SheafException(ErrorCode.CANCELLED, "Cancelled while running model " + model);
    } catch (ExecutionException e) {
      batches.forEach(b -> b.cancel(true));
      if (e.getCause() instanceof SheafException sheaf) {
        throw sheaf;
      }
      throw new SheafException(
          ErrorCode.MODEL_RUN_ERROR, "Cannot run model '" + model + "': " + e.getCause(), e);
    }
    return vectors;
  }
}
