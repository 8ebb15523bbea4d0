package dev.sheaf.catalog.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.InclusiveMetricsEvaluator;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The data files of table snapshots, planned once per snapshot. A snapshot never changes, so its
 * file list is kept by (table uuid, snapshot id); each query's filter then prunes the kept files by
 * their column statistics (Iceberg's {@link InclusiveMetricsEvaluator}, the test planning applies
 * to each file). Planning a snapshot reads and decodes all of its manifests, tens of milliseconds
 * for a table of a few dozen files, which a point query would otherwise pay every time. The kept
 * files carry their column statistics ({@code includeColumnStats}: planning drops them otherwise).
 * At most {@link #MAX_FILES} files are kept over all snapshots; the least recently used snapshots
 * go first.
 */
final class SnapshotFiles {
  static final int MAX_FILES = 200_000;

  private static final Map<Key, List<FileScanTask>> KEPT = new LinkedHashMap<>(16, 0.75f, true);
  private static int keptFiles;

  private record Key(String table, long snapshotId) {}

  private SnapshotFiles() {}

  /** The files of a snapshot whose statistics allow rows passing {@code filter}. */
  static List<FileScanTask> plan(Table table, long snapshotId, Expression filter) {
    List<FileScanTask> all = all(table, snapshotId);
    if (filter == null || filter.op() == Expression.Operation.TRUE) {
      return all;
    }
    InclusiveMetricsEvaluator evaluator =
        new InclusiveMetricsEvaluator(schema(table, snapshotId), filter, true);
    List<FileScanTask> kept = new ArrayList<>();
    for (FileScanTask task : all) {
      if (evaluator.eval(task.file())) {
        kept.add(task);
      }
    }
    return kept;
  }

  private static List<FileScanTask> all(Table table, long snapshotId) {
    Key key = new Key(table.uuid().toString(), snapshotId);
    synchronized (KEPT) {
      List<FileScanTask> kept = KEPT.get(key);
      if (kept != null) {
        return kept;
      }
    }
    List<FileScanTask> planned = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshotId).includeColumnStats().planFiles()) {
      tasks.forEach(planned::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<FileScanTask> files = List.copyOf(planned);
    if (files.size() <= MAX_FILES) {
      synchronized (KEPT) {
        if (KEPT.put(key, files) == null) {
          keptFiles += files.size();
        }
        Iterator<List<FileScanTask>> oldest = KEPT.values().iterator();
        while (keptFiles > MAX_FILES && oldest.hasNext()) {
          keptFiles -= oldest.next().size();
          oldest.remove();
        }
      }
    }
    return files;
  }

  private static Schema schema(Table table, long snapshotId) {
    Snapshot snapshot = table.snapshot(snapshotId);
    Integer schemaId = snapshot == null ? null : snapshot.schemaId();
    Schema schema = schemaId == null ? null : table.schemas().get(schemaId);
    return schema == null ? table.schema() : schema;
  }
}
