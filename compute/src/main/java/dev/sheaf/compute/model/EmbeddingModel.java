package dev.sheaf.compute.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * A loaded text_embedding model as callers see it: {@link #embed} cuts the texts into batches of
 * the configured size and runs them on the registry's bounded pool (a single batch on the calling
 * thread), each batch one ONNX call.
 */
public final class EmbeddingModel implements LoadedModel {
  private final ModelSpec spec;
  private final TextEmbedder embedder;
  private final ModelBatches batches;
  private final java.util.concurrent.atomic.AtomicLong calls =
      new java.util.concurrent.atomic.AtomicLong();

  EmbeddingModel(ModelSpec spec, TextEmbedder embedder, ExecutorService pool, int batchSize) {
    this.spec = spec;
    this.embedder = embedder;
    this.batches = new ModelBatches(spec.name(), pool, batchSize);
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
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
    return batches.run(texts, this::run);
  }

  @Override
  public void close() {
    embedder.close();
  }
}
