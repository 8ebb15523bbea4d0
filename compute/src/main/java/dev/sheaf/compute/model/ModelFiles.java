package dev.sheaf.compute.model;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a model's files may come from: local files inside the model root (a path relative to the
 * root, an absolute path or a {@code file:} URI, every symbolic link resolved before the check), or
 * objects of the engine's S3 profiles ({@code s3://bucket/key}; {@code b2://bucket/key} is the same
 * object of a B2 profile), downloaded into the root's cache ({@link ModelCache}). Nothing is ever
 * downloaded from a model hub or over http(s).
 */
final class ModelFiles {
  private final Path root;
  private final ModelCache cache;

  ModelFiles(Path root, ModelObjects objects) {
    this.root = root;
    this.cache = new ModelCache(root, objects);
  }

  /** Whether a model URI names an object of an object store. */
  static boolean remote(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    return lower.startsWith("s3://") || lower.startsWith("b2://");
  }

  /**
   * The file {@code name} beside the model file {@code source}: an object of the same prefix for a
   * remote model, else a path in the same directory.
   */
  static String sibling(String source, Path localModel, String name) {
    if (remote(source)) {
      return source.substring(0, source.lastIndexOf('/') + 1) + name;
    }
    return localModel.resolveSibling(name).toString();
  }

  /** The real path of a model file named by {@code uri}, which must lie inside the root. */
  Path resolve(String model, String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    if (remote(uri)) {
      URI object;
      try {
        object = URI.create(lower.startsWith("b2://") ? "s3://" + uri.substring(5) : uri);
      } catch (IllegalArgumentException e) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT, "Cannot load model '%s': '%s' is no URI", model, uri);
      }
      if (object.getHost() == null) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot load model '%s': '%s' names no bucket (s3://bucket/path/model.onnx)",
            model,
            uri);
      }
      return cache.fetch(model, object);
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
