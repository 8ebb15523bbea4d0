package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.provenance.ProvenanceRun;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs one migration: lists the source a page at a time, copies the objects not yet copied with at
 * most {@code concurrency} copies at once, records each object's checkpoint, and registers the
 * copies in the run's table in batches. Stopping it (the {@code stop} signal, a crash) loses at
 * most the copies in flight; running it again skips every object checkpointed COPIED, and an object
 * left PENDING is looked up at its destination first, so no object is uploaded twice. With a
 * provenance store ({@link MigrationCheckpoints#provenance}) the run is a {@code media_ingest}
 * {@link ProvenanceRun} and each copy an entry: stored before its COPIED checkpoint, or, for a run
 * that registers rows, with the table version once its row landed.
 */
public final class MediaMigration {
  /** Copies registered per table version. */
  static final int REGISTER_BATCH = 1000;

  private final MediaStores stores;
  private final MigrationCheckpoints checkpoints;
  private final MigrationSettings settings;
  private final ObjectCopier copier;
  private final DestinationCheck destinations;

  public MediaMigration(
      MediaStores stores, MigrationCheckpoints checkpoints, MigrationSettings settings) {
    this.stores = stores;
    this.checkpoints = checkpoints;
    this.settings = settings;
    this.copier = new ObjectCopier(stores, settings);
    this.destinations = new DestinationCheck(stores);
  }

  /**
   * Runs (or resumes) a migration until every object is settled or {@code stop} says so; {@code
   * registrar} is used when the run names a table. Fails when the source cannot be listed (the
   * copies made so far stay checkpointed).
   */
  public MigrationProgress run(
      MigrationRun run,
      CopyRegistrar registrar,
      Consumer<MigrationProgress> listener,
      BooleanSupplier stop) {
    MigrationProvenance provenance = new MigrationProvenance(checkpoints.provenance(), run);
    provenance.begin();
    long bytesBefore = provenance.bytesBefore();
    Counters counters =
        new Counters(
            progress -> {
              provenance.progress(progress, bytesBefore, false);
              listener.accept(progress);
            });
    try {
      MigrationProgress done = copyAll(run, registrar, counters, stop, provenance);
      provenance.progress(done, bytesBefore, true);
      if (done.listingDone()) {
        provenance.end(
            ProvenanceRun.State.DONE,
            counters.lastSnapshot,
            String.format(
                "%d objects copied, %d failed", done.copied() + done.skipped(), done.failed()));
      }
      return done;
    } catch (SheafException e) {
      provenance.end(
          ProvenanceRun.State.FAILED, counters.lastSnapshot, e.code() + ": " + e.getMessage());
      throw e;
    }
  }

  private MigrationProgress copyAll(
      MigrationRun run,
      CopyRegistrar registrar,
      Counters counters,
      BooleanSupplier stop,
      MigrationProvenance provenance) {
    Map<String, ObjectCheckpoint> known = checkpoints.objects(run.id());
    List<CopiedObject> unregistered = new ArrayList<>();
    if (run.registers()) {
      for (ObjectCheckpoint checkpoint : known.values()) {
        if (checkpoint.state() == ObjectCheckpoint.State.COPIED) {
          CopiedObject copy = copiedOf(checkpoint);
          Optional<Long> landed =
              checkpoints.landedVersion(run.id(), copy.destination().uri().toString());
          if (landed.isPresent()) {
            // its row was committed and its entry recorded before the last start stopped
            checkpoints.registered(run.id(), List.of(copy), landed.get());
          } else {
            unregistered.add(copy);
          }
        }
      }
    }
    SourceListing listing;
    try {
      listing = SourceListing.of(run.source(), stores);
    } catch (SheafException e) {
      throw IngestErrors.sourceUnavailable(run.source(), e);
    }
    // twice the concurrency in flight: the copier lets as many objects be read as written
    Semaphore slots = new Semaphore(2 * settings.concurrency());
    List<CopiedObject> copied = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      String token = null;
      do {
        SourceListing.Page page;
        try {
          page = listing.page(token);
        } catch (SheafException e) {
          drain(slots);
          throw IngestErrors.sourceUnavailable(run.source(), e);
        }
        for (SourceObject object : page.objects()) {
          if (stop.getAsBoolean()) {
            break;
          }
          counters.listed.incrementAndGet();
          ObjectCheckpoint checkpoint = known.get(object.uri().toString());
          if (checkpoint != null && checkpoint.copied()) {
            counters.skipped.incrementAndGet();
            counters.report();
            continue;
          }
          slots.acquireUninterruptibly();
          pool.execute(
              () -> {
                try {
                  settle(run, object, checkpoint, counters, copied, provenance);
                } finally {
                  slots.release();
                }
              });
        }
        token = page.nextToken();
        if (run.registers() && copied.size() + unregistered.size() >= REGISTER_BATCH) {
          register(run, registrar, unregistered, copied, counters, provenance);
        }
      } while (token != null && !stop.getAsBoolean());
      counters.listingDone = token == null && !stop.getAsBoolean();
      drain(slots);
    }
    if (run.registers()) {
      register(run, registrar, unregistered, copied, counters, provenance);
    }
    checkpoints.flush();
    return counters.report();
  }

  /** Copies one object (or finds it at its destination) and records how that went. */
  private void settle(
      MigrationRun run,
      SourceObject object,
      ObjectCheckpoint checkpoint,
      Counters counters,
      List<CopiedObject> copied,
      MigrationProvenance provenance) {
    URI destination = run.destinationOf(object);
    try {
      Optional<CopiedObject> found = alreadyThere(object, checkpoint, destination);
      CopiedObject copy;
      if (found.isPresent()) {
        copy = found.get();
        counters.skipped.incrementAndGet();
      } else {
        copy = copyWithRetries(run, object, destination);
        counters.copied.incrementAndGet();
        counters.bytes.addAndGet(copy.destination().size());
      }
      if (run.registers()) {
        checkpoints.copied(run.id(), copy); // its entry is recorded when its row lands
        copied.add(copy);
      } else {
        boolean recorded =
            found.isPresent()
                && checkpoints.hasProvenance(run.id(), copy.destination().uri().toString());
        checkpoints.copied(
            run.id(),
            copy,
            provenance.records() && !recorded ? provenance.entry(copy, null) : null);
      }
    } catch (SheafException e) {
      counters.failed.incrementAndGet();
      checkpoints.failed(run.id(), object.uri(), e);
    } catch (RuntimeException e) {
      counters.failed.incrementAndGet();
      checkpoints.failed(
          run.id(),
          object.uri(),
          SheafException.of(
              ErrorCode.INTERNAL_ERROR,
              "Cannot copy %s: %s",
              SourceUris.display(object.uri()),
              e.getClass().getSimpleName()));
    }
    counters.report();
  }

  /** A PENDING object of an earlier start that its destination already holds. */
  private Optional<CopiedObject> alreadyThere(
      SourceObject object, ObjectCheckpoint checkpoint, URI destination) {
    if (checkpoint == null
        || checkpoint.state() != ObjectCheckpoint.State.PENDING
        || checkpoint.sha256() == null
        || (object.etag() != null && !object.etag().equals(checkpoint.sourceEtag()))) {
      return Optional.empty();
    }
    PendingCopy pending =
        new PendingCopy(
            object.uri(),
            checkpoint.sourceEtag(),
            destination,
            checkpoint.size(),
            checkpoint.sha256(),
            checkpoint.expectedEtag());
    return destinations
        .holds(pending)
        .map(info -> new CopiedObject(object.uri(), info, checkpoint.sha256()));
  }

  private CopiedObject copyWithRetries(MigrationRun run, SourceObject object, URI destination) {
    for (int attempt = 1; ; attempt++) {
      try {
        return copier.copy(object, destination, pending -> checkpoints.pending(run.id(), pending));
      } catch (SheafException e) {
        if (e.code() != ErrorCode.MEDIA_UNAVAILABLE || attempt >= settings.attempts()) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  /** Full-jitter exponential backoff before try {@code attempt + 1}. */
  private void pause(int attempt) {
    long ceiling = settings.backoff().toMillis() << Math.min(attempt - 1, 10);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SheafException.of(ErrorCode.CANCELLED, "Cannot finish the migration: interrupted");
    }
  }

  private void register(
      MigrationRun run,
      CopyRegistrar registrar,
      List<CopiedObject> unregistered,
      List<CopiedObject> copied,
      Counters counters,
      MigrationProvenance provenance) {
    List<CopiedObject> batch = new ArrayList<>(unregistered);
    unregistered.clear();
    synchronized (copied) {
      batch.addAll(copied);
      copied.clear();
    }
    for (int from = 0; from < batch.size(); from += REGISTER_BATCH) {
      List<CopiedObject> part = batch.subList(from, Math.min(batch.size(), from + REGISTER_BATCH));
      checkpoints.flush(); // the COPIED checkpoints first: a registered row's copy is recorded
      long snapshot = registrar.register(run, part);
      provenance.landed(part, snapshot);
      checkpoints.registered(run.id(), part, snapshot);
      counters.lastSnapshot = snapshot;
      counters.registered.addAndGet(part.size());
      counters.report();
    }
  }

  private void drain(Semaphore slots) {
    slots.acquireUninterruptibly(2 * settings.concurrency());
    slots.release(2 * settings.concurrency());
  }

  private static CopiedObject copiedOf(ObjectCheckpoint checkpoint) {
    return new CopiedObject(
        URI.create(checkpoint.source()),
        new BlobInfo(
            URI.create(checkpoint.destination()),
            checkpoint.size(),
            checkpoint.destinationEtag() == null ? "" : checkpoint.destinationEtag(),
            checkpoint.destinationVersion(),
            null),
        checkpoint.sha256());
  }

  /** The counts of one start, reported to the listener as they change. */
  private static final class Counters {
    final AtomicLong listed = new AtomicLong();
    final AtomicLong copied = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong registered = new AtomicLong();
    volatile boolean listingDone;
    volatile Long lastSnapshot;
    private final Consumer<MigrationProgress> listener;

    Counters(Consumer<MigrationProgress> listener) {
      this.listener = listener;
    }

    MigrationProgress report() {
      MigrationProgress progress =
          new MigrationProgress(
              listed.get(),
              copied.get(),
              skipped.get(),
              failed.get(),
              bytes.get(),
              registered.get(),
              listingDone);
      listener.accept(progress);
      return progress;
    }
  }
}
