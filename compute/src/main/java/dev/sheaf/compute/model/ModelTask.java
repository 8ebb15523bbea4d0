package dev.sheaf.compute.model;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Arrays;
import java.util.Locale;

/** What a model does, which fixes the inputs and outputs Sheaf expects of its ONNX graph. */
public enum ModelTask {
  /**
   * Text to one vector: inputs {@code input_ids}, {@code attention_mask} (and {@code
   * token_type_ids} when the graph has it), int64 [batch, sequence]; output float [batch, sequence,
   * dim] (token states, mean-pooled over the mask) or [batch, dim] (already pooled); the vector is
   * L2-normalized.
   */
  TEXT_EMBEDDING,
  /**
   * Images and texts to vectors of one space ({@link ClipEncoder}): an image tower, input {@code
   * pixel_values} float [batch, 3, H, W], output {@code image_embeds} float [batch, dim]; a text
   * tower, inputs {@code input_ids} (and {@code attention_mask}) int64 [batch, sequence], output
   * {@code text_embeds} float [batch, dim]; in one graph or two (option {@code text_model}).
   */
  CLIP;

  /** The task's SQL name: {@code text_embedding}, {@code clip}. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ModelTask parse(String text) {
    for (ModelTask task : values()) {
      if (task.sqlName().equalsIgnoreCase(text)) {
        return task;
      }
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot create model: unknown task '%s' (one of %s)",
        text,
        Arrays.stream(values()).map(ModelTask::sqlName).toList());
  }
}
