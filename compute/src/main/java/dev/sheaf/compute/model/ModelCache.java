package dev.sheaf.compute.model;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Model files from object stores, kept under {@code <model root>/.cache/<hash of the URI>/<hash of
 * the entity tag>/<file name>}: a model is downloaded once per version of its object (a new entity
 * tag downloads again and removes the older versions of that URI). A download goes to a temporary
 * file first and is moved into place, so a half-written file is never used.
 */
final class ModelCache {
  static final String DIRECTORY = ".cache";

  private final Path root;
  private final ModelObjects objects;

  ModelCache(Path root, ModelObjects objects) {
    this.root = root.resolve(DIRECTORY);
    this.objects = objects;
  }

  /** The local copy of the current version of {@code uri}, downloaded now if it is not here. */
  synchronized Path fetch(String model, URI uri) {
    if (objects == null || !objects.serves(uri)) {
      throw SheafException.of(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load model '%s' from %s: no S3 profile serves bucket '%s' (configure one with"
              + " media-s3-profiles, or copy the file under the model root)",
          model,
          uri,
          uri.getHost());
    }
    ModelObjects.Version version;
    try {
      version = objects.stat(uri);
    } catch (SheafException e) {
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load model '" + model + "' from " + uri + ": " + e.getMessage(),
          e);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isEmpty() || name.startsWith(".")) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot load model '%s' from %s: the URI names no file",
          model,
          uri);
    }
    Path byUri = root.resolve(hash(uri.toString()));
    Path directory = byUri.resolve(hash(version.etag()));
    Path file = directory.resolve(name);
    try {
      if (Files.isRegularFile(file) && Files.size(file) == version.size()) {
        return file;
      }
      Files.createDirectories(directory);
      Path partial = Files.createTempFile(directory, ".download-", ".part");
      try {
        objects.download(uri, version, partial);
        if (Files.size(partial) != version.size()) {
          throw SheafException.of(
              ErrorCode.MODEL_LOAD_ERROR,
              "Cannot load model '%s' from %s: read %d bytes of %d",
              model,
              uri,
              Files.size(partial),
              version.size());
        }
        move(partial, file);
      } finally {
        Files.deleteIfExists(partial);
      }
      removeOtherVersions(byUri, directory);
      return file;
    } catch (SheafException e) {
      if (e.code() == ErrorCode.MODEL_LOAD_ERROR) {
        throw e;
      }
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load model '" + model + "' from " + uri + ": " + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load model '" + model + "' from " + uri + " into " + directory + ": " + e,
          e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void removeOtherVersions(Path byUri, Path keep) throws IOException {
    try (Stream<Path> versions = Files.list(byUri)) {
      for (Path version : versions.toList()) {
        if (!version.equals(keep)) {
          try (Stream<Path> files = Files.walk(version)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(path);
            }
          } catch (IOException | UncheckedIOException e) {
            // a file still open elsewhere; the next download tries again
          }
        }
      }
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
