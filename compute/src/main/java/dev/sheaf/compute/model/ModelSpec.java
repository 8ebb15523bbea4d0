package dev.sheaf.compute.model;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model's definition: its name, task, where its ONNX file is ({@code builtin:<name>} for the
 * models that ship inside Sheaf's jars, else a path under the model root) and its options.
 *
 * <p>Options of a text_embedding model: {@code tokenizer} (a Hugging Face tokenizer.json; default
 * the file {@code tokenizer.json} beside the model), {@code max_length} (tokens kept per text,
 * default 256), {@code output} (the output to read; default the first). Options of a clip model:
 * {@code tokenizer} and {@code max_length} (default 77, CLIP's context) as above, {@code
 * text_model} (the text tower's ONNX file when the model's file holds only the image tower).
 */
public record ModelSpec(String name, ModelTask task, String source, Map<String, String> options) {
  public static final String BUILTIN_SCHEME = "builtin:";

  /** The option names each task accepts. */
  static final Set<String> TEXT_EMBEDDING_OPTIONS = Set.of("tokenizer", "max_length", "output");

  static final Set<String> CLIP_OPTIONS = Set.of("tokenizer", "max_length", "text_model");

  public ModelSpec {
    requireNonNull(name, "name is null");
    requireNonNull(task, "task is null");
    requireNonNull(source, "source is null");
    options = Map.copyOf(new TreeMap<>(requireNonNull(options, "options is null")));
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot define model '%s': a model name is lower-case letters, digits and '_'",
          name);
    }
    Set<String> allowed = task == ModelTask.CLIP ? CLIP_OPTIONS : TEXT_EMBEDDING_OPTIONS;
    for (String option : options.keySet()) {
      if (!allowed.contains(option)) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot define model '%s': unknown option '%s' for task %s (one of %s)",
            name,
            option,
            task.sqlName(),
            new java.util.TreeSet<>(allowed));
      }
    }
  }

  public boolean builtin() {
    return source.startsWith(BUILTIN_SCHEME);
  }

  /** Tokens kept per text (longer texts are truncated, as sentence-transformers does). */
  int maxLength() {
    String value = options.getOrDefault("max_length", task == ModelTask.CLIP ? "77" : "256");
    try {
      int length = Integer.parseInt(value);
      if (length >= 2) {
        return length;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot define model '%s': max_length must be an integer of at least 2, not '%s'",
        name,
        value);
  }
}
