package dev.sheaf.compute.model;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A loaded text_embedding model as callers see it: {@link #embed} cuts the texts into batches of
 * the configured size and runs them on the registry's bounded pool (a single batch on the calling
 * thread), each batch one ONNX call.
 */
public final class EmbeddingModel {
  private final ModelSpec spec;
  private final TextEmbedder embedder;
  private final ExecutorService pool;
  private final int batchSize;
  private final java.util.concurrent.atomic.AtomicLong calls =
      new java.util.concurrent.atomic.AtomicLong();

  EmbeddingModel(ModelSpec spec, TextEmbedder embedder, ExecutorService pool, int batchSize) {
    this.spec = spec;
    this.embedder = embedder;
    this.pool = pool;
    this.batchSize = batchSize;
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The size of the vectors it returns. */
  public int dimension() {
    return embedder.dimension();
  }

  /** How many ONNX calls (batches) this model has run since it was loaded. */
  public long calls() {
    return calls.get();
  }

  private float[][] run(List<String> batch) {
    calls.incrementAndGet();
    return embedder.embed(batch);
  }

  /** Unit vectors for the texts, in order; a null text gives a null vector. */
  public float[][] embed(List<String> texts) {
    List<String> present = new ArrayList<>(texts.size());
    for (String text : texts) {
      if (text != null) {
        present.add(text);
      }
    }
    float[][] computed = embedPresent(present);
    float[][] vectors = new float[texts.size()][];
    int next = 0;
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) != null) {
        vectors[i] = computed[next++];
      }
    }
    return vectors;
  }

  private float[][] embedPresent(List<String> texts) {
    if (texts.size() <= batchSize) {
      return texts.isEmpty() ? new float[0][] : run(texts);
    }
    List<Future<float[][]>> batches = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
      batches.add(pool.submit(() -> run(batch)));
    }
    float[][] vectors = new float[texts.size()][];
    int at = 0;
    try {
      for (Future<float[][]> batch : batches) {
        float[][] done = batch.get();
        System.arraycopy(done, 0, vectors, at, done.length);
        at += done.length;
      }
    } catch (InterruptedException e) {
      batches.forEach(b -> b.cancel(true));
      Thread.currentThread().interrupt();
      throw new SheafException(ErrorCode.CANCELLED, "Cancelled while running model " + spec.name());
    } catch (ExecutionException e) {
      batches.forEach(b -> b.cancel(true));
      if (e.getCause() instanceof SheafException sheaf) {
        throw sheaf;
      }
      throw new SheafException(
          ErrorCode.MODEL_RUN_ERROR,
          "Cannot run model '" + spec.name() + "': " + e.getCause(),
          e.getCause());
    }
    return vectors;
  }

  void close() {
    embedder.close();
  }
}
