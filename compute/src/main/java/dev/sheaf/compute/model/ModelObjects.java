package dev.sheaf.compute.model;

import java.net.URI;
import java.nio.file.Path;

/**
 * The object stores model files may come from ({@code s3://bucket/key}), as the engine configured
 * them: its S3 profiles. The registry asks for an object's entity tag, and downloads it into its
 * cache when that version is not there yet ({@link ModelCache}).
 */
public interface ModelObjects {
  /** An object's version: its entity tag and size. */
  record Version(String etag, long size) {}

  /** Whether an S3 profile serves the URI's bucket. */
  boolean serves(URI uri);

  /** The object's current version; a SheafException when it is missing or unreachable. */
  Version stat(URI uri);

  /** Writes that version of the object to {@code target}; fails when the object changed since. */
  void download(URI uri, Version version, Path target);
}
