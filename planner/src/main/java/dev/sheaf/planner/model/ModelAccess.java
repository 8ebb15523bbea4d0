package dev.sheaf.planner.model;

import dev.sheaf.compute.model.ClipModel;
import dev.sheaf.planner.media.MediaAccess;
import dev.sheaf.planner.media.MediaCalls;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;

/**
 * A statement's way to its engine's models, read by the generated code of model functions through
 * the DataContext ({@link #KEY}). A batch of rows can be computed ahead ({@link #precompute}): the
 * computed-column evaluator runs the arguments of the model calls over the batch, embeds the
 * distinct texts or images in batches on the model pool, and the calls then find their vectors here
 * instead of calling the model one row at a time.
 */
public final class ModelAccess {
  public static final String KEY = "sheaf.models";

  /** Images read and embedded ahead at a time, so their bytes stay bounded in memory. */
  static final int IMAGES_AHEAD = 256;

  private final Models models;

  /** Vectors computed ahead, by function and model ("embed_text minilm"), then by argument. */
  private final Map<String, Map<String, float[]>> ahead = new HashMap<>();

  /** Texts read ahead by {@code ocr}, by media cell. */
  private final Map<String, String> textsAhead = new HashMap<>();

  public ModelAccess(Models models) {
    this.models = models;
  }

  public Models models() {
    return models;
  }

  public static ModelAccess of(DataContext context) {
    return (ModelAccess) context.get(KEY);
  }

  /**
   * Computes the calls of one model function ({@code embed_text}, {@code clip_text}, {@code
   * clip_image}) and model now, in batches, for the calls that follow. An image that cannot be read
   * or decoded is left out: its call then fails on its own row.
   */
  public void precompute(
      String function, String model, Collection<String> arguments, MediaAccess media) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(arguments));
    distinct.remove(null);
    switch (function) {
      case ModelFunctions.EMBED_TEXT ->
          keep(function, model, distinct, models.embedding(model).embed(distinct));
      case ModelFunctions.CLIP_TEXT ->
          keep(function, model, distinct, models.clip(model).embedTexts(distinct));
      case ModelFunctions.CLIP_IMAGE -> precomputeImages(model, distinct, media);
      case ModelFunctions.OCR -> precomputeTexts(distinct, media);
      default -> throw new IllegalArgumentException("no model function " + function);
    }
  }

  private void precomputeImages(String model, List<String> cells, MediaAccess media) {
    ClipModel clip = models.clip(model);
    for (int from = 0; from < cells.size(); from += IMAGES_AHEAD) {
      List<String> part = cells.subList(from, Math.min(cells.size(), from + IMAGES_AHEAD));
      List<ClipModel.Image> images = read(part, media);
      keep(ModelFunctions.CLIP_IMAGE, model, part, clip.embedImages(images).vectors());
    }
  }

  private void precomputeTexts(List<String> cells, MediaAccess media) {
    for (int from = 0; from < cells.size(); from += IMAGES_AHEAD) {
      List<String> part = cells.subList(from, Math.min(cells.size(), from + IMAGES_AHEAD));
      List<ClipModel.Image> images = read(part, media);
      String[] texts = models.registry().ocr().readAll(images).texts();
      synchronized (textsAhead) {
        for (int i = 0; i < texts.length; i++) {
          if (texts[i] != null) {
            textsAhead.put(part.get(i), texts[i]);
          }
        }
      }
    }
  }

  private static List<ClipModel.Image> read(List<String> cells, MediaAccess media) {
    List<ClipModel.Image> images = new ArrayList<>(cells.size());
    for (String cell : cells) {
      try {
        images.add(new ClipModel.Image(cell, MediaCalls.wholeObject(media, cell)));
      } catch (SheafException e) {
        images.add(null);
      }
    }
    return images;
  }

  /** The text {@code ocr} read ahead for a media cell, or null. */
  public String ocrText(String cell) {
    synchronized (textsAhead) {
      return textsAhead.get(cell);
    }
  }

  private void keep(String function, String model, List<String> arguments, float[][] vectors) {
    Map<String, float[]> byArgument;
    synchronized (ahead) {
      byArgument = ahead.computeIfAbsent(function + " " + model, m -> new HashMap<>());
    }
    synchronized (byArgument) {
      for (int i = 0; i < vectors.length; i++) {
        if (vectors[i] != null) {
          byArgument.put(arguments.get(i), vectors[i]);
        }
      }
    }
  }

  /** Forgets the vectors computed ahead (the batch is done). */
  public void clear() {
    synchronized (ahead) {
      ahead.clear();
    }
    synchronized (textsAhead) {
      textsAhead.clear();
    }
  }

  private float[] computed(String function, String model, String argument) {
    Map<String, float[]> byArgument;
    synchronized (ahead) {
      byArgument = ahead.get(function + " " + model);
    }
    if (byArgument == null) {
      return null;
    }
    synchronized (byArgument) {
      return byArgument.get(argument);
    }
  }

  float[] embed(String model, String text) {
    float[] vector = computed(ModelFunctions.EMBED_TEXT, model, text);
    return vector != null ? vector : models.embedding(model).embed(List.of(text))[0];
  }

  float[] clipText(String model, String text) {
    float[] vector = computed(ModelFunctions.CLIP_TEXT, model, text);
    return vector != null ? vector : models.clip(model).embedTexts(List.of(text))[0];
  }

  float[] clipImage(MediaAccess media, String model, String cell) {
    float[] vector = computed(ModelFunctions.CLIP_IMAGE, model, cell);
    if (vector != null) {
      return vector;
    }
    ClipModel clip = models.clip(model);
    return clip.embedImage(cell, MediaCalls.wholeObject(media, cell));
  }
}
