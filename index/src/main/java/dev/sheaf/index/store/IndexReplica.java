package dev.sheaf.index.store;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * Keeps one index's local Lucene directory (a cache) and its copy in the warehouse ({@link
 * IndexObjects}) in step. Lucene never rewrites a file of a commit, so {@link #publish} uploads
 * only the files the last published commit did not have (each under a name of its own, {@code
 * files/<upload id>-<lucene name>}, so two servers' files of one Lucene name never collide), then
 * the {@link IndexManifest} naming the commit last: a reader sees the old commit or the new one,
 * never half of one. Objects that neither of the last two published commits names are deleted (a
 * reader that was downloading the previous commit still finds its files); objects no manifest names
 * that are over {@link #ORPHAN_AGE} old (a crashed upload, another server's superseded commit) are
 * deleted when an index is restored. {@link #restore} makes the local directory hold exactly the
 * warehouse's commit before the index opens, downloading only the files it lacks (a file is the
 * same when its size and Lucene footer checksum are), so a server without the local copy, or with
 * an old one, opens what another server (or an earlier run) published.
 *
 * <p>Several servers may write one index: each publishes its own commits and the last manifest
 * wins. An index is derived data, so a commit whose files another server deleted in between is not
 * an error: {@link #restore} reads the manifest again and, if files are still missing, starts from
 * an empty directory, which the engine's sync fills from the table's data files.
 */
public final class IndexReplica {
  static final String MANIFEST = "manifest";

  /**
   * How old an object no manifest names must be before {@link #restore} deletes it: younger ones
   * may be an upload whose manifest another server is about to write.
   */
  static final Duration ORPHAN_AGE = Duration.ofHours(1);

  static final String FILES = "files/";
  private static final System.Logger LOG = System.getLogger(IndexReplica.class.getName());

  private final IndexObjects objects;
  private final Path directory;
  private final String table;
  private final String definition;
  private final String uploadId;
  private final Deque<IndexManifest> kept = new ArrayDeque<>();
  private final AtomicLong downloads = new AtomicLong();
  private final AtomicLong uploads = new AtomicLong();
  private volatile long snapshot = -1;

  /**
   * The replica of the index in {@code directory} for the table with uuid {@code table} and the
   * index definition {@code definition} (its catalog text).
   */
  public IndexReplica(IndexObjects objects, Path directory, String table, String definition) {
    this.objects = requireNonNull(objects, "objects is null");
    this.directory = requireNonNull(directory, "directory is null");
    this.table = requireNonNull(table, "table is null");
    this.definition = requireNonNull(definition, "definition is null");
    this.uploadId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  /** Files downloaded from the warehouse so far. */
  public long downloads() {
    return downloads.get();
  }

  /** Files uploaded to the warehouse so far. */
  public long uploads() {
    return uploads.get();
  }

  /** The table snapshot the next commit covers (recorded in its manifest). */
  public void covering(long snapshotId) {
    this.snapshot = snapshotId;
  }

  /**
   * Before the index opens: makes the local directory hold exactly the warehouse's commit (when the
   * warehouse has one for this table and definition), downloading the files it lacks.
   */
  public synchronized void restore() {
    for (int attempt = 0; attempt < 2; attempt++) {
      Optional<IndexManifest> manifest = manifest();
      if (manifest.isEmpty()) {
        return;
      }
      if (copy(manifest.get())) {
        kept.clear();
        kept.add(manifest.get());
        deleteOrphans(manifest.get());
        return;
      }
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "Files of the index in {0} are gone (another server replaced them): building it again"
            + " from the table''s data files",
        objects.location());
    clear();
  }

  /**
   * Deletes the file objects the manifest does not name that are older than {@link #ORPHAN_AGE}:
   * uploads of a commit whose manifest was never written (a crash) or was replaced by another
   * server's before its own publisher deleted them. A failure only logs.
   */
  private void deleteOrphans(IndexManifest manifest) {
    try {
      Set<String> named = new HashSet<>();
      manifest.files().forEach(e -> named.add(e.object()));
      Instant before = Instant.now().minus(ORPHAN_AGE);
      for (IndexObjects.StoredObject object : objects.list(FILES)) {
        if (!named.contains(object.name()) && object.written().isBefore(before)) {
          objects.delete(object.name());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Cannot delete unused index files in " + objects.location() + ": " + e);
    }
  }

  /** The warehouse's manifest of this index, if it has one it can read. */
  private Optional<IndexManifest> manifest() {
    Optional<byte[]> bytes = objects.read(MANIFEST);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      IndexManifest manifest = IndexManifest.parse(bytes.get(), objects.location());
      return manifest.describes(table, definition) ? Optional.of(manifest) : Optional.empty();
    } catch (SheafException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage() + ": building the index again");
      return Optional.empty();
    }
  }

  /** Downloads what the directory lacks of the commit; false when an object is missing. */
  private boolean copy(IndexManifest manifest) {
    try {
      Files.createDirectories(directory);
      Set<String> wanted = new HashSet<>();
      try (FSDirectory local = FSDirectory.open(directory)) {
        for (IndexManifest.Entry entry : manifest.files()) {
          wanted.add(entry.name());
          if (matches(local, entry)) {
            continue;
          }
          Path partial = directory.resolve(entry.name() + ".download");
          if (!objects.download(entry.object(), partial)) {
            Files.deleteIfExists(partial);
            return false;
          }
          Files.move(
              partial,
              directory.resolve(entry.name()),
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
          downloads.incrementAndGet();
        }
      }
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.toList()) {
          if (!wanted.contains(file.getFileName().toString())) {
            Files.deleteIfExists(file);
          }
        }
      }
      return true;
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          String.format(
              "Cannot copy the index in %s to %s: %s (check free space there)",
              objects.location(), directory, e.getMessage()),
          e);
    }
  }

  /** Whether the local directory has the entry's file: same size and footer checksum. */
  private static boolean matches(Directory local, IndexManifest.Entry entry) {
    try {
      long size = local.fileLength(entry.name());
      return size == entry.size() && entry.sameFile(size, checksum(local, entry.name()));
    } catch (IOException e) {
      return false; // missing, damaged or partial: download it
    }
  }

  private static long checksum(Directory directory, String name) throws IOException {
    try (IndexInput in = directory.openInput(name, IOContext.READONCE)) {
      return CodecUtil.retrieveChecksum(in);
    }
  }

  private void clear() {
    try (Stream<Path> files = Files.exists(directory) ? Files.list(directory) : Stream.empty()) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kept.clear();
  }

  /**
   * After a commit of the index in {@code writerDirectory}: uploads the files the last published
   * commit lacks, then the manifest, then deletes objects no kept commit names. A failure only
   * logs: the warehouse copy stays at the last commit published, and the next commit uploads what
   * is missing.
   */
  public synchronized void publish(Directory writerDirectory) {
    try {
      SegmentInfos commit = SegmentInfos.readLatestCommit(writerDirectory);
      IndexManifest last = kept.peekLast();
      if (last != null && last.segments().equals(commit.getSegmentsFileName())) {
        return;
      }
      List<String> names = new ArrayList<>(commit.files(true));
      names.sort(Comparator.comparing((String n) -> n.startsWith("segments")));
      List<IndexManifest.Entry> entries = new ArrayList<>();
      for (String name : names) {
        long size = writerDirectory.fileLength(name);
        long sum = checksum(writerDirectory, name);
        Optional<IndexManifest.Entry> published =
            last == null ? Optional.empty() : last.entry(name).filter(e -> e.sameFile(size, sum));
        if (published.isPresent()) {
          entries.add(published.get());
        } else {
          String object = FILES + uploadId + "-" + name;
          objects.upload(directory.resolve(name), object);
          uploads.incrementAndGet();
          entries.add(new IndexManifest.Entry(name, object, size, sum));
        }
      }
      IndexManifest manifest =
          new IndexManifest(table, definition, snapshot, commit.getSegmentsFileName(), entries);
      objects.write(MANIFEST, manifest.toBytes());
      kept.addLast(manifest);
      if (kept.size() > 2) {
        IndexManifest obsolete = kept.removeFirst();
        Set<String> named = new HashSet<>();
        kept.forEach(m -> m.files().forEach(e -> named.add(e.object())));
        for (IndexManifest.Entry entry : obsolete.files()) {
          if (!named.contains(entry.object())) {
            objects.delete(entry.object());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Cannot upload the index in " + directory + " to " + objects.location() + ": " + e);
    }
  }

  /** Deletes the index's objects (DROP INDEX). */
  public synchronized void delete() {
    objects.deleteAll();
    kept.clear();
  }
}
