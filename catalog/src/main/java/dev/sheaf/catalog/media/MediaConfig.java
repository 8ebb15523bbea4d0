package dev.sheaf.catalog.media;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How Sheaf reaches media.
 *
 * @param fileRoots the directories {@code file://} media may live in (the data directory first)
 * @param allowPrivateAddresses let https media resolve to loopback, link-local or private addresses
 * @param cacheDirectory where the media cache keeps downloaded bytes
 * @param cacheBytes the media cache's byte budget
 * @param destination where media written by Sheaf go (bytes inserted into a media column), a
 *     directory URI ending in '/'
 * @param validation when media references are checked by default: at write or at read
 * @param s3Profiles the S3-compatible endpoints (AWS, B2, MinIO...) and their credentials, the
 *     first whose bucket patterns match a bucket serving it; none: s3:// media are refused
 */
public record MediaConfig(
    List<Path> fileRoots,
    boolean allowPrivateAddresses,
    Path cacheDirectory,
    long cacheBytes,
    URI destination,
    Validation validation,
    List<S3MediaProfile> s3Profiles) {
  public static final long DEFAULT_CACHE_BYTES = 1L << 30;

  /** When a table's media references are checked and pinned. */
  public enum Validation {
    /** At insert: the object must exist and hold the column's kind of media. */
    ON_WRITE,
    /** Not at insert; a missing or wrong object shows when the cell is read. */
    ON_READ;

    /** Reads {@code on_write} or {@code on_read} (any case, '-' or '_'). */
    public static Validation parse(String text) {
      String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Validation value : values()) {
        if (value.name().equals(name)) {
          return value;
        }
      }
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot use media validation '%s': give on_write or on_read",
          text);
    }
  }

  public MediaConfig {
    fileRoots = List.copyOf(requireNonNull(fileRoots, "fileRoots is null"));
    requireNonNull(cacheDirectory, "cacheDirectory is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(validation, "validation is null");
    s3Profiles = List.copyOf(requireNonNull(s3Profiles, "s3Profiles is null"));
    if (cacheBytes < 0) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use media-cache-bytes %d: give zero or more bytes",
          cacheBytes);
    }
    if (!destination.isAbsolute() || !destination.toString().endsWith("/")) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use media-destination '%s': give an absolute directory URI ending in '/'",
          destination);
    }
  }

  /**
   * The defaults for a data directory: it is the only file root, the cache lives in {@code
   * media-cache/} and written media in {@code media/} inside it, 1 GiB of cache, checked at write.
   */
  public static MediaConfig defaults(Path dataDirectory) {
    Path data = dataDirectory.toAbsolutePath().normalize();
    return new MediaConfig(
        List.of(data),
        false,
        data.resolve("media-cache"),
        DEFAULT_CACHE_BYTES,
        directoryUri(data.resolve("media")),
        Validation.ON_WRITE,
        List.of());
  }

  /** A directory's URI, ending in '/' whether or not the directory exists yet. */
  public static URI directoryUri(Path directory) {
    String text = directory.toAbsolutePath().normalize().toUri().toString();
    return URI.create(text.endsWith("/") ? text : text + "/");
  }

  /** A copy whose file roots are the data directory's defaults plus {@code extra}. */
  public MediaConfig withExtraRoots(List<Path> extra) {
    List<Path> roots = new ArrayList<>(fileRoots);
    extra.forEach(root -> roots.add(root.toAbsolutePath().normalize()));
    return new MediaConfig(
        roots,
        allowPrivateAddresses,
        cacheDirectory,
        cacheBytes,
        destination,
        validation,
        s3Profiles);
  }

  /** A copy with these S3 profiles. */
  public MediaConfig withS3Profiles(List<S3MediaProfile> profiles) {
    return new MediaConfig(
        fileRoots,
        allowPrivateAddresses,
        cacheDirectory,
        cacheBytes,
        destination,
        validation,
        profiles);
  }
}
