package dev.sheaf.compute.model;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a model's files may come from: local files inside the model root only (a path relative to
 * the root, an absolute path or a {@code file:} URI, every symbolic link resolved before the
 * check). Nothing is ever downloaded from a model hub; object-store URIs are not supported yet.
 */
final class ModelFiles {
  private final Path root;

  ModelFiles(Path root) {
    this.root = root;
  }

  /** The real path of a model file named by {@code uri}, which must lie inside the root. */
  Path resolve(String model, String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("s3://") || lower.startsWith("b2://")) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot load model '%s' from %s: models load from local files under the model root"
              + " (%s) for now (copy the file there)",
          model,
          uri,
          root);
    }
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("hf://")) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot load model '%s' from %s: Sheaf never downloads models (put the ONNX file under"
              + " the model root %s)",
          model,
          uri,
          root);
    }
    Path path;
    try {
      path = lower.startsWith("file:") ? Path.of(URI.create(uri)) : root.resolve(uri);
    } catch (RuntimeException e) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT, "Cannot load model '%s': '%s' is no path", model, uri);
    }
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw SheafException.of(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load model '%s': the model root %s does not exist (create it and put the"
              + " model's files there)",
          model,
          root);
    }
    Path normalized = path.toAbsolutePath().normalize();
    if (!normalized.startsWith(realRoot) && !normalized.startsWith(root)) {
      throw outside(model, uri, realRoot);
    }
    Path real;
    try {
      real = normalized.toRealPath();
    } catch (IOException e) {
      throw SheafException.of(
          ErrorCode.MODEL_LOAD_ERROR, "Cannot load model '%s': no file %s", model, normalized);
    }
    if (!real.startsWith(realRoot)) {
      throw outside(model, uri, realRoot);
    }
    if (!Files.isRegularFile(real)) {
      throw SheafException.of(
          ErrorCode.MODEL_LOAD_ERROR, "Cannot load model '%s': %s is not a file", model, real);
    }
    return real;
  }

  private static SheafException outside(String model, String uri, Path root) {
    return SheafException.of(
        ErrorCode.MODEL_LOAD_ERROR,
        "Cannot load model '%s' from %s: it is outside the model root %s",
        model,
        uri,
        root);
  }
}
