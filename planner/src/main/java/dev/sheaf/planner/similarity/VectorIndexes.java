package dev.sheaf.planner.similarity;

import dev.sheaf.catalog.config.IndexLocation;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.index.FileDocuments;
import dev.sheaf.index.store.IndexReplica;
import dev.sheaf.index.text.TextIndex;
import dev.sheaf.index.vector.HnswSettings;
import dev.sheaf.index.vector.VectorIndex;
import dev.sheaf.planner.vector.DataFileVectors;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * The engine's open indexes, vector ({@link VectorIndex}) and full-text ({@link TextIndex}), one
 * Lucene directory each under {@code <root>/<table uuid>/<index name>}. Before a search reads a
 * snapshot, {@link #sync} indexes the snapshot's data files the index has not seen, so an index
 * follows every commit (inserts, the files UPDATE/DELETE/MERGE and backfills rewrite) without hooks
 * in the writers; after EXPIRE VERSIONS {@link #retainVersions} drops the documents of files no
 * remaining snapshot holds.
 *
 * <p>With {@link IndexLocation#WAREHOUSE} each index also has an {@link IndexReplica} in the
 * table's warehouse location ({@link TableIndexObjects}): the local directory is restored from it
 * before the index opens (downloading only the files it lacks) and every commit is published to it.
 */
public final class VectorIndexes implements AutoCloseable {
  private final Path root;
  private final BufferAllocator allocator;
  private final IndexLocation location;
  private final Map<Path, AutoCloseable> open = new ConcurrentHashMap<>();
  private final Map<Path, IndexReplica> replicas = new ConcurrentHashMap<>();

  public VectorIndexes(Path root, BufferAllocator allocator) {
    this(root, allocator, IndexLocation.LOCAL);
  }

  public VectorIndexes(Path root, BufferAllocator allocator, IndexLocation location) {
    this.root = root;
    this.allocator = allocator;
    this.location = location;
  }

  /** Index files downloaded from the warehouse by this engine so far. */
  public long warehouseDownloads() {
    return replicas.values().stream().mapToLong(IndexReplica::downloads).sum();
  }

  /** Index files uploaded to the warehouse by this engine so far. */
  public long warehouseUploads() {
    return replicas.values().stream().mapToLong(IndexReplica::uploads).sum();
  }

  private Path directory(Table table, String index) {
    return root.resolve(table.uuid().toString()).resolve(index);
  }

  /** The open vector index of an HNSW definition, opened (or created, empty) on first use. */
  public VectorIndex index(Table table, IndexDefinition definition) {
    SheafColumn column = column(table, definition);
    return (VectorIndex)
        open.computeIfAbsent(
            directory(table, definition.name()),
            path ->
                VectorIndex.open(
                    created(path),
                    new HnswSettings(
                        definition.metric(),
                        column.type().dimension(),
                        definition.m(),
                        definition.efConstruction(),
                        definition.quantization()),
                    restored(table, definition, path)));
  }

  /** The open full-text index of a FULLTEXT definition, opened (or created) on first use. */
  public TextIndex textIndex(Table table, IndexDefinition definition) {
    column(table, definition);
    return (TextIndex)
        open.computeIfAbsent(
            directory(table, definition.name()),
            path ->
                TextIndex.open(
                    created(path), definition.analyzer(), restored(table, definition, path)));
  }

  /**
   * With the indexes in the warehouse: the index's replica, its directory restored from the
   * warehouse, as the listener that publishes each commit; else no listener.
   */
  private FileDocuments.CommitListener restored(
      Table table, IndexDefinition definition, Path path) {
    if (location != IndexLocation.WAREHOUSE) {
      return FileDocuments.CommitListener.NONE;
    }
    IndexReplica replica =
        new IndexReplica(
            TableIndexObjects.of(table, definition.name()),
            path,
            table.uuid().toString(),
            definition.propertyValue());
    replica.restore();
    replicas.put(path, replica);
    return replica::publish;
  }

  /** Records the snapshot an index's next commit covers, for its warehouse manifest. */
  private void covering(Table table, IndexDefinition definition, Snapshot snapshot) {
    IndexReplica replica = replicas.get(directory(table, definition.name()));
    if (replica != null) {
      replica.covering(snapshot.snapshotId());
    }
  }

  private static Path created(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SheafColumn column(Table table, IndexDefinition definition) {
    return IcebergSchemas.columns(table.schema()).stream()
        .filter(c -> c.name().equals(definition.column()))
        .findFirst()
        .orElseThrow(
            () ->
                SheafException.of(
                    ErrorCode.COLUMN_NOT_FOUND,
                    "Cannot use index '%s' of table %s: its column '%s' is gone (DROP INDEX %s)",
                    definition.name(),
                    table.name(),
                    definition.column(),
                    definition.name()));
  }

  /**
   * Indexes the data files of {@code snapshot} the index lacks and returns the snapshot's files,
   * each with the row ids its delete files hide: the documents a search on that snapshot may see.
   */
  public Map<String, LongPredicate> sync(
      Table table, Snapshot snapshot, IndexDefinition definition) {
    TextIndex text = definition.isFullText() ? textIndex(table, definition) : null;
    VectorIndex vector = text == null ? index(table, definition) : null;
    if (snapshot == null) {
      return Map.of();
    }
    Map<String, Long> files = DataFileVectors.files(table, snapshot.snapshotId());
    Object index = text != null ? text : vector;
    synchronized (index) {
      covering(table, definition, snapshot);
      Map<String, Long> missing = new LinkedHashMap<>(files);
      missing.keySet().removeAll(text != null ? text.files() : vector.files());
      SheafType type = column(table, definition).type();
      if (text != null) {
        DataFileVectors.index(allocator, table, definition.column(), type, missing, text);
      } else {
        DataFileVectors.index(allocator, table, definition.column(), type, missing, vector);
      }
    }
    return DataFileVectors.visible(table, snapshot.snapshotId());
  }

  /**
   * One step of an index build: rows of the version in all, rows indexed after the step, rows this
   * step indexed, and whether every file of the version is indexed.
   */
  public record BuildStep(long rowsTotal, long rowsIndexed, long rowsAdded, boolean complete) {}

  /**
   * Indexes one data file of {@code snapshot} that the index lacks, if any (an index build). A step
   * that finds, under the index's lock, that its index or table was dropped since the job read the
   * definition closes and deletes what it opened and reports the build complete (the job then finds
   * the definition gone).
   */
  public BuildStep buildStep(Table table, Snapshot snapshot, IndexDefinition definition) {
    TextIndex text = definition.isFullText() ? textIndex(table, definition) : null;
    VectorIndex vector = text == null ? index(table, definition) : null;
    if (snapshot == null) {
      return new BuildStep(0, 0, 0, true);
    }
    Map<String, Long> files = DataFileVectors.files(table, snapshot.snapshotId());
    Map<String, Long> rows = DataFileVectors.rows(table, snapshot.snapshotId());
    long total = rows.values().stream().mapToLong(Long::longValue).sum();
    Object index = text != null ? text : vector;
    synchronized (index) {
      Path path = directory(table, definition.name());
      TableIndexObjects objects = TableIndexObjects.of(table, definition.name());
      Optional<IndexDefinition> current = current(table, definition.name());
      if (!current.equals(Optional.of(definition))) {
        if (current.isEmpty()) {
          drop(path, objects); // what this step opened, after DROP INDEX / DROP TABLE
        }
        return new BuildStep(total, 0, 0, true);
      }
      covering(table, definition, snapshot);
      Map<String, Long> missing = new LinkedHashMap<>(files);
      missing.keySet().removeAll(text != null ? text.files() : vector.files());
      Map<String, Long> step = new LinkedHashMap<>();
      missing.entrySet().stream().findFirst().ifPresent(e -> step.put(e.getKey(), e.getValue()));
      SheafType type = column(table, definition).type();
      if (text != null) {
        DataFileVectors.index(allocator, table, definition.column(), type, step, text);
      } else {
        DataFileVectors.index(allocator, table, definition.column(), type, step, vector);
      }
      long left = missing.keySet().stream().mapToLong(rows::get).sum();
      long added = step.keySet().stream().mapToLong(rows::get).sum();
      return new BuildStep(total, total - left + added, added, missing.size() <= step.size());
    }
  }

  /**
   * The index of this name the table has now (the table refreshed); empty when it or the table was
   * dropped.
   */
  private static Optional<IndexDefinition> current(Table table, String name) {
    try {
      table.refresh();
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
    if (table instanceof HasTableOperations tableOperations
        && tableOperations.operations().current() == null) {
      return Optional.empty(); // a dropped table refreshes to no metadata
    }
    return IndexDefinition.find(table, name);
  }

  /** Drops every index's documents of files that no snapshot of the table holds any more. */
  public void retainVersions(Table table) {
    Set<String> kept = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      kept.addAll(DataFileVectors.files(table, snapshot.snapshotId()).keySet());
    }
    for (IndexDefinition definition : IndexDefinition.of(table)) {
      if (definition.isFullText()) {
        textIndex(table, definition).retainOnly(kept);
      } else {
        index(table, definition).retainOnly(kept);
      }
    }
  }

  /**
   * Closes and deletes an index's directory and its objects in the warehouse, after a sync or build
   * step working on it is done (they hold the index's lock).
   */
  public void drop(Table table, String name) {
    drop(directory(table, name), TableIndexObjects.of(table, name));
  }

  private void drop(Path path, TableIndexObjects objects) {
    AutoCloseable index = open.get(path);
    if (index != null) {
      synchronized (index) {
        close(path);
      }
    }
    deleteTree(close(path));
    objects.deleteAll();
  }

  /** Closes and deletes the indexes of a dropped table, in the warehouse too. */
  public void dropTable(Table table) {
    Path tableDirectory = root.resolve(table.uuid().toString());
    for (Path path : open.keySet().stream().filter(p -> p.startsWith(tableDirectory)).toList()) {
      AutoCloseable index = open.get(path);
      if (index != null) {
        synchronized (index) {
          close(path);
        }
      }
    }
    deleteTree(tableDirectory);
    TableIndexObjects.deleteTable(table);
  }

  private Path close(Path path) {
    replicas.remove(path);
    AutoCloseable index = open.remove(path);
    try {
      if (index != null) {
        index.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot close the index in " + path, e);
    }
    return path;
  }

  private static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException e) {
      // deleted at the same time by a build step that noticed the drop
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Path path : Set.copyOf(open.keySet())) {
      close(path);
    }
  }
}
