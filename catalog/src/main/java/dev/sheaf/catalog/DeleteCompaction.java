package dev.sheaf.catalog;

import dev.sheaf.catalog.iceberg.DataFileWriter;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Types.NestedField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds merge-on-read deletes back into data files: the data files that delete files apply to are
 * written again without their deleted rows, and every delete file of the table's main branch goes,
 * in one commit that changes no row (Iceberg's rewrite, so the version history shows it as a
 * replace). The new files keep the sequence number of the version they were read from, so a delete
 * committed meanwhile still applies to them; a commit that removed one of the files meanwhile makes
 * the compaction give up until the next time.
 *
 * <p>It runs in the background, one table at a time, once a table has {@link
 * #DELETE_FILES_TO_COMPACT} delete files; {@link #compact} runs it now.
 */
public final class DeleteCompaction implements AutoCloseable {
  /** Delete files on a table's main branch from which a compaction is started. */
  public static final int DELETE_FILES_TO_COMPACT = 16;

  private static final Logger LOG = LoggerFactory.getLogger(DeleteCompaction.class);

  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "sheaf-delete-compaction");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<String> queued = ConcurrentHashMap.newKeySet();

  /** Starts a compaction in the background when the table has enough delete files. */
  void afterMergeOnRead(Table table) {
    Snapshot head = table.currentSnapshot();
    if (head == null
        || Long.parseLong(head.summary().getOrDefault("total-delete-files", "0"))
            < DELETE_FILES_TO_COMPACT
        || !queued.add(table.uuid().toString())) {
      return;
    }
    try {
      worker.execute(
          () -> {
            try {
              compact(table);
            } catch (RuntimeException e) {
              LOG.info("Delete compaction of {} skipped: {}", table.name(), e.getMessage());
            } finally {
              queued.remove(table.uuid().toString());
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      queued.remove(table.uuid().toString());
    }
  }

  /**
   * Compacts the deletes of the table's main branch now; returns how many delete files it removed
   * (0 when there were none). Fails with COMMIT_CONFLICT when the table changed underneath.
   */
  public static int compact(Table table) {
    table.refresh();
    Snapshot base = table.currentSnapshot();
    if (base == null) {
      return 0;
    }
    List<DeleteFile> deleteFiles = deleteFiles(table, base);
    if (deleteFiles.isEmpty()) {
      return 0;
    }
    var schema = table.schema();
    List<String> columns = schema.columns().stream().map(NestedField::name).toList();
    TableRowReader reader = new TableRowReader(table, schema, columns);
    List<DataFile> removed = new ArrayList<>();
    DataFileWriter writer = new DataFileWriter(table, schema, TableWrites.ROWS_PER_FILE);
    try {
      for (FileScanTask task : reader.plan(base.snapshotId(), Expressions.alwaysTrue())) {
        if (task.deletes().isEmpty()) {
          continue;
        }
        removed.add(task.file());
        try (CloseableIterator<Object[]> rows = reader.read(task, null)) {
          rows.forEachRemaining(writer::write);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      List<DataFile> added = writer.finish();
      RewriteFiles rewrite =
          table
              .newRewrite()
              .validateFromSnapshot(base.snapshotId())
              .dataSequenceNumber(base.sequenceNumber());
      removed.forEach(rewrite::deleteFile);
      deleteFiles.forEach(rewrite::deleteFile);
      added.forEach(rewrite::addFile);
      rewrite.commit();
    } catch (RuntimeException e) {
      writer.abort();
      throw e instanceof SheafException ? e : TableWrites.commitFailure(table, e);
    }
    return deleteFiles.size();
  }

  /** The live delete files of a snapshot, one each. */
  private static List<DeleteFile> deleteFiles(Table table, Snapshot snapshot) {
    Map<String, DeleteFile> files = new HashMap<>();
    for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
      try (ManifestReader<DeleteFile> entries =
          ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
        for (DeleteFile file : entries) {
          files.putIfAbsent(file.location(), file.copy());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(files.values());
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
