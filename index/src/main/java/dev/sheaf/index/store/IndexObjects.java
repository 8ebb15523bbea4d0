package dev.sheaf.index.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where an index's files are kept beside the table (the warehouse: a directory, an S3/B2 prefix),
 * as named objects under one prefix. Blob semantics: an object is written whole and replaces any
 * object of its name (no partial object is ever visible, no conditional writes); reading a missing
 * object is not an error but an empty answer; deleting a missing object is not an error.
 */
public interface IndexObjects {

  /** An object under the prefix: its name (relative to the prefix) and when it was written. */
  record StoredObject(String name, Instant written) {}

  /** The prefix, for messages. */
  String location();

  /** The whole object, or empty when there is none. */
  Optional<byte[]> read(String name);

  /** Writes (or replaces) an object whole. */
  void write(String name, byte[] bytes);

  /** Uploads a local file as the object {@code name}. */
  void upload(Path file, String name);

  /** Downloads the object into {@code file}; false when there is no such object. */
  boolean download(String name, Path file);

  /** The objects whose names start with {@code namePrefix}, in no particular order. */
  List<StoredObject> list(String namePrefix);

  /** Removes one object. */
  void delete(String name);

  /** Removes every object under the prefix. */
  void deleteAll();
}
