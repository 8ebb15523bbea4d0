package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.provenance.ProvenanceEntry;
import dev.sheaf.catalog.provenance.ProvenanceRun;
import dev.sheaf.catalog.provenance.ProvenanceStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration's record in the provenance store: its {@link ProvenanceRun} (kind {@value #KIND}, the
 * run's id, its counts at most once a second, its end) and the {@link ProvenanceEntry} of each
 * copied object. Does nothing without a store.
 */
final class MigrationProvenance {
  static final String KIND = "media_ingest";
  private static final long REPORT_MILLIS = 1000;

  private final ProvenanceStore store;
  private final MigrationRun run;
  private ProvenanceRun current;
  private long reportedAt;

  MigrationProvenance(ProvenanceStore store, MigrationRun run) {
    this.store = store;
    this.run = run;
  }

  /** Records the run as RUNNING: new, or started again (its counts kept until the next report). */
  synchronized void begin() {
    if (store == null) {
      return;
    }
    var recorded = store.run(run.id());
    if (recorded.isEmpty()) {
      current =
          ProvenanceRun.started(
              run.id(), KIND, SourceUris.display(run.source()), run.schemaName(), run.tableName());
      store.startRun(current);
      return;
    }
    ProvenanceRun old = recorded.get();
    current =
        new ProvenanceRun(
            old.runId(),
            old.kind(),
            old.source(),
            old.schema(),
            old.table(),
            ProvenanceRun.State.RUNNING,
            old.snapshotId(),
            old.items(),
            old.bytes(),
            old.errors(),
            null,
            old.startedAt(),
            null);
    store.updateRun(current);
  }

  /** Stores the counts when the last report is a second old (or {@code now} is set). */
  synchronized void progress(MigrationProgress progress, long bytesBefore, boolean now) {
    if (store == null || current == null) {
      return;
    }
    long time = System.currentTimeMillis();
    if (!now && time - reportedAt < REPORT_MILLIS) {
      return;
    }
    reportedAt = time;
    current =
        current.progressed(
            progress.copied() + progress.skipped(),
            bytesBefore + progress.bytes(),
            progress.failed());
    store.updateRun(current);
  }

  /** Stores the run's end: its state, the last table version its rows landed in, a message. */
  synchronized void end(ProvenanceRun.State state, Long snapshot, String message) {
    if (store == null || current == null) {
      return;
    }
    current = current.finished(state, snapshot == null ? current.snapshotId() : snapshot, message);
    store.updateRun(current);
  }

  /** The bytes the run's earlier starts copied (0 for a new run). */
  synchronized long bytesBefore() {
    return current == null ? 0 : current.bytes();
  }

  /** The entry of one copied object (its version null until its row lands). */
  ProvenanceEntry entry(CopiedObject copy, Long snapshot) {
    return new ProvenanceEntry(
        run.id(),
        run.schemaName(),
        run.tableName(),
        null,
        SourceUris.display(copy.source()),
        copy.destination().uri().toString(),
        copy.destination().size(),
        copy.sha256(),
        snapshot,
        System.currentTimeMillis());
  }

  /** Records the entries of copies whose rows landed in {@code snapshot}. */
  void landed(List<CopiedObject> copies, long snapshot) {
    if (store == null) {
      return;
    }
    List<ProvenanceEntry> entries = new ArrayList<>();
    copies.forEach(copy -> entries.add(entry(copy, snapshot)));
    store.record(entries);
  }

  boolean records() {
    return store != null;
  }
}
