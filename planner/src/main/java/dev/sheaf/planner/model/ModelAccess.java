package dev.sheaf.planner.model;

import dev.sheaf.compute.model.EmbeddingModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;

/**
 * A statement's way to its engine's models, read by the generated code of model functions through
 * the DataContext ({@link #KEY}). A batch of rows can be embedded ahead ({@link #precompute}): the
 * computed-column evaluator runs the arguments of the model calls over the batch, embeds the
 * distinct texts in batches on the model pool, and the calls then find their vectors here instead
 * of calling the model one row at a time.
 */
public final class ModelAccess {
  public static final String KEY = "sheaf.models";

  private final Models models;
  private final Map<String, Map<String, float[]>> ahead = new HashMap<>();

  public ModelAccess(Models models) {
    this.models = models;
  }

  public Models models() {
    return models;
  }

  static ModelAccess of(DataContext context) {
    return (ModelAccess) context.get(KEY);
  }

  /** Embeds the texts of one model now, in batches, for the calls that follow. */
  public void precompute(String model, Collection<String> texts) {
    EmbeddingModel embedding = models.embedding(model);
    List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(texts));
    distinct.remove(null);
    float[][] vectors = embedding.embed(distinct);
    Map<String, float[]> byText;
    synchronized (ahead) {
      byText = ahead.computeIfAbsent(model, m -> new HashMap<>());
    }
    synchronized (byText) {
      for (int i = 0; i < vectors.length; i++) {
        byText.put(distinct.get(i), vectors[i]);
      }
    }
  }

  /** Forgets the vectors computed ahead (the batch is done). */
  public void clear() {
    synchronized (ahead) {
      ahead.clear();
    }
  }

  float[] embed(String model, String text) {
    Map<String, float[]> byText;
    synchronized (ahead) {
      byText = ahead.get(model);
    }
    if (byText != null) {
      float[] vector;
      synchronized (byText) {
        vector = byText.get(text);
      }
      if (vector != null) {
        return vector;
      }
    }
    return models.embedding(model).embed(List.of(text))[0];
  }
}
