package dev.sheaf.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.media.MediaConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations between local folders and the loopback S3 server, resumed and counted. */
class MediaMigrationTest {
  private static final MigrationSettings SETTINGS = MigrationSettings.defaults().withConcurrency(4);

  @TempDir Path data;

  @Test
  void copiesALocalFolderIntoABucketWithItsChecksums() throws Exception {
    Path photos = Files.createDirectories(data.resolve("photos/cats"));
    for (int i = 0; i < 12; i++) {
      Files.write(photos.resolve("cat" + i + ".jpg"), MigrationFixture.bytes(1000 + i, i));
    }
    try (MigrationFixture fixture = new MigrationFixture(data)) {
      MigrationRun run =
          MigrationRun.of(
              MediaConfig.directoryUri(data.resolve("photos")),
              MigrationFixture.s3("local-to-s3"),
              null,
              null);
      MigrationProgress progress = fixture.migration(SETTINGS).run(run, null, p -> {}, () -> false);

      assertThat(progress.copied()).isEqualTo(12);
      assertThat(progress.failed()).isZero();
      assertThat(fixture.puts("local-to-s3/")).isEqualTo(12);
      byte[] copied = fixture.read(MigrationFixture.s3("local-to-s3/cats/cat3.jpg"));
      assertThat(copied).isEqualTo(Files.readAllBytes(photos.resolve("cat3.jpg")));
      Map<String, ObjectCheckpoint> checkpoints = fixture.checkpoints.objects(run.id());
      ObjectCheckpoint cat3 = checkpoints.get(photos.resolve("cat3.jpg").toUri().toString());
      assertThat(checkpoints).hasSize(12);
      assertThat(checkpoints.values()).allMatch(c -> c.state() == ObjectCheckpoint.State.COPIED);
      assertThat(cat3).isNotNull();
      assertThat(cat3.sha256())
          .isEqualTo(ObjectDigest.hex(ObjectDigest.sha256().update(copied).finish()));
      assertThat(cat3.destination()).endsWith("local-to-s3/cats/cat3.jpg");
    }
  }

  @Test
  void aStoppedRunResumesWithoutUploadingAnyObjectTwice() {
    for (int i = 0; i < 40; i++) {
      MigrationFixture.seed("resume-src/obj" + i + ".bin", MigrationFixture.bytes(5000, i));
    }
    try (MigrationFixture fixture = new MigrationFixture(data)) {
      MigrationRun run =
          MigrationRun.of(
              MigrationFixture.s3("resume-src"), MigrationFixture.s3("resume-dst"), null, null);
      java.util.concurrent.atomic.AtomicLong settled = new java.util.concurrent.atomic.AtomicLong();
      MigrationProgress first =
          fixture
              .migration(SETTINGS)
              .run(run, null, p -> settled.set(p.settled()), () -> settled.get() >= 15);
      assertThat(first.listingDone()).isFalse();
      assertThat(first.copied()).isBetween(15L, 25L);
      long putsAfterStop = fixture.puts("resume-dst/");
      assertThat(putsAfterStop).isEqualTo(first.copied());

      MigrationProgress second = fixture.migration(SETTINGS).run(run, null, p -> {}, () -> false);

      assertThat(second.listingDone()).isTrue();
      assertThat(second.skipped()).isEqualTo(first.copied());
      assertThat(second.copied()).isEqualTo(40 - first.copied());
      assertThat(fixture.puts("resume-dst/")).isEqualTo(40);
      assertThat(fixture.read(MigrationFixture.s3("resume-dst/obj7.bin")))
          .isEqualTo(MigrationFixture.bytes(5000, 7));
      assertThat(fixture.checkpoints.objects(run.id(), ObjectCheckpoint.State.COPIED)).hasSize(40);
    }
  }

  @Test
  void anObjectUploadedBeforeACrashRecordedItIsNotUploadedAgain() {
    byte[] bytes = MigrationFixture.bytes(3000, 99);
    MigrationFixture.seed("crash-src/a.bin", bytes);
    MigrationFixture.seed("crash-src/b.bin", MigrationFixture.bytes(3000, 98));
    try (MigrationFixture fixture = new MigrationFixture(data)) {
      MigrationRun run =
          MigrationRun.of(
              MigrationFixture.s3("crash-src/"), MigrationFixture.s3("crash-dst/"), null, null);
      // what a crash between the PUT and its COPIED checkpoint leaves: PENDING, and the object
      URI source = MigrationFixture.s3("crash-src/a.bin");
      String md5 = ObjectDigest.hex(ObjectDigest.md5().update(bytes).finish());
      fixture.checkpoints.pending(
          run.id(),
          new PendingCopy(
              source,
              fixture.stores.stat(source).etag(),
              MigrationFixture.s3("crash-dst/a.bin"),
              bytes.length,
              ObjectDigest.hex(ObjectDigest.sha256().update(bytes).finish()),
              md5));
      MigrationFixture.seed("crash-dst/a.bin", bytes);

      MigrationProgress progress = fixture.migration(SETTINGS).run(run, null, p -> {}, () -> false);

      assertThat(progress.skipped()).isEqualTo(1);
      assertThat(progress.copied()).isEqualTo(1);
      assertThat(fixture.puts("crash-dst/a.bin")).isZero();
      assertThat(fixture.puts("crash-dst/b.bin")).isEqualTo(1);
      assertThat(fixture.checkpoints.objects(run.id()).get(source.toString()).state())
          .isEqualTo(ObjectCheckpoint.State.COPIED);
    }
  }

  @Test
  void slowDownAnswersAreRetried() {
    for (int i = 0; i < 6; i++) {
      MigrationFixture.seed("slow-src/o" + i, MigrationFixture.bytes(2000, i));
    }
    try (MigrationFixture fixture = new MigrationFixture(data)) {
      fixture.proxy.failNext(3, dev.sheaf.testing.FaultyProxy.Fault.SLOW_DOWN);
      MigrationRun run =
          MigrationRun.of(
              MigrationFixture.s3("slow-src"), MigrationFixture.s3("slow-dst"), null, null);
      MigrationProgress progress = fixture.migration(SETTINGS).run(run, null, p -> {}, () -> false);

      assertThat(fixture.proxy.faultsInjected()).isEqualTo(3);
      assertThat(progress.copied()).isEqualTo(6);
      assertThat(progress.failed()).isZero();
    }
  }

  @Test
  void largeObjectsGoUpInParts() throws Exception {
    byte[] big = MigrationFixture.bytes(12 << 20, 5);
    Path folder = Files.createDirectories(data.resolve("big"));
    Files.write(folder.resolve("video.mp4"), big);
    try (MigrationFixture fixture = new MigrationFixture(data)) {
      MigrationRun run =
          MigrationRun.of(
              MediaConfig.directoryUri(folder), MigrationFixture.s3("parts-dst"), null, null);
      MigrationProgress progress =
          fixture
              .migration(SETTINGS.withPartBytes(MigrationSettings.MIN_PART_BYTES))
              .run(run, null, p -> {}, () -> false);

      assertThat(progress.copied()).isEqualTo(1);
      URI copied = MigrationFixture.s3("parts-dst/video.mp4");
      assertThat(fixture.read(copied)).isEqualTo(big);
      assertThat(fixture.puts("parts-dst/video.mp4?")).isEqualTo(3);
    }
  }

  @Test
  void anObjectChangedAfterTheListingFailsAloneWithMediaChanged() {
    for (int i = 0; i < 5; i++) {
      MigrationFixture.seed("changed-src/o" + i, MigrationFixture.bytes(2000, i));
    }
    try (MigrationFixture fixture = new MigrationFixture(data)) {
      MigrationRun run =
          MigrationRun.of(
              MigrationFixture.s3("changed-src"), MigrationFixture.s3("changed-dst"), null, null);
      java.util.concurrent.atomic.AtomicBoolean overwritten =
          new java.util.concurrent.atomic.AtomicBoolean();
      MigrationProgress progress =
          fixture
              .migration(SETTINGS.withConcurrency(1))
              .run(
                  run,
                  null,
                  p -> {
                    if (p.copied() == 1 && !overwritten.getAndSet(true)) {
                      MigrationFixture.seed("changed-src/o4", MigrationFixture.bytes(2100, 44));
                    }
                  },
                  () -> false);

      assertThat(progress.copied()).isEqualTo(4);
      assertThat(progress.failed()).isEqualTo(1);
      ObjectCheckpoint failed =
          fixture.checkpoints.objects(run.id(), ObjectCheckpoint.State.FAILED).getFirst();
      assertThat(failed.source()).endsWith("changed-src/o4");
      assertThat(failed.errorCode()).isEqualTo("MEDIA_CHANGED");

      // run again: the changed object is copied (its new bytes), the rest skipped
      MigrationProgress again = fixture.migration(SETTINGS).run(run, null, p -> {}, () -> false);
      assertThat(again.copied()).isEqualTo(1);
      assertThat(again.skipped()).isEqualTo(4);
      assertThat(fixture.read(MigrationFixture.s3("changed-dst/o4")))
          .isEqualTo(MigrationFixture.bytes(2100, 44));
    }
  }

  @Test
  void eachCopyAndTheRunAreInTheProvenance() throws Exception {
    Path folder = Files.createDirectories(data.resolve("prov"));
    Files.write(folder.resolve("a.bin"), MigrationFixture.bytes(300, 1));
    Files.write(folder.resolve("b.bin"), MigrationFixture.bytes(400, 2));
    try (MigrationFixture fixture = new MigrationFixture(data);
        dev.sheaf.catalog.SheafCatalog catalog =
            dev.sheaf.catalog.SheafCatalog.open(
                dev.sheaf.catalog.config.CatalogConfig.embedded(data))) {
      MigrationRun run =
          MigrationRun.of(
              MediaConfig.directoryUri(folder), MigrationFixture.s3("prov-dst"), null, null);
      new MediaMigration(fixture.stores, catalog.ingestCheckpoints(), SETTINGS)
          .run(run, null, p -> {}, () -> false);

      var recorded = catalog.provenance().run(run.id()).orElseThrow();
      assertThat(recorded.kind()).isEqualTo("media_ingest");
      assertThat(recorded.state()).isEqualTo(dev.sheaf.catalog.provenance.ProvenanceRun.State.DONE);
      assertThat(recorded.items()).isEqualTo(2);
      assertThat(recorded.bytes()).isEqualTo(700);
      var entries =
          catalog
              .provenance()
              .entries(
                  new dev.sheaf.catalog.provenance.EntryFilter(run.id(), null, null, null, null),
                  10);
      assertThat(entries).hasSize(2);
      var b =
          entries.stream().filter(e -> e.sourceUri().endsWith("/b.bin")).findFirst().orElseThrow();
      assertThat(b.destinationUri()).isEqualTo("s3://sheaf/prov-dst/b.bin");
      assertThat(b.size()).isEqualTo(400);
      assertThat(b.sha256())
          .isEqualTo(
              ObjectDigest.hex(
                  ObjectDigest.sha256().update(MigrationFixture.bytes(400, 2)).finish()));

      // a second start finds everything copied and records no entry twice
      new MediaMigration(fixture.stores, catalog.ingestCheckpoints(), SETTINGS)
          .run(run, null, p -> {}, () -> false);
      assertThat(
              catalog
                  .provenance()
                  .entries(
                      new dev.sheaf.catalog.provenance.EntryFilter(
                          run.id(), null, null, null, null),
                      10))
          .hasSize(2);
    }
  }

  @Test
  void copiesWhoseRowsLandedBeforeACrashAreNotRegisteredAgain() throws Exception {
    Path folder = Files.createDirectories(data.resolve("rows"));
    for (int i = 0; i < 3; i++) {
      Files.write(folder.resolve("r" + i + ".bin"), MigrationFixture.bytes(100 + i, i));
    }
    try (MigrationFixture fixture = new MigrationFixture(data);
        dev.sheaf.catalog.SheafCatalog catalog =
            dev.sheaf.catalog.SheafCatalog.open(
                dev.sheaf.catalog.config.CatalogConfig.embedded(data))) {
      MigrationRun run =
          MigrationRun.of(
              MediaConfig.directoryUri(folder), MigrationFixture.s3("rows-dst"), "main.t", "img");
      java.util.List<java.util.List<CopiedObject>> batches = new java.util.ArrayList<>();
      CopyRegistrar registrar =
          (migration, copies) -> {
            batches.add(java.util.List.copyOf(copies));
            return 100L + batches.size();
          };
      MigrationCheckpoints checkpoints = catalog.ingestCheckpoints();
      new MediaMigration(fixture.stores, checkpoints, SETTINGS)
          .run(run, registrar, p -> {}, () -> false);
      assertThat(batches).hasSize(1);
      assertThat(batches.getFirst()).hasSize(3);

      // a crash after the commit and its entries, before the REGISTERED checkpoints
      CopiedObject first = batches.getFirst().getFirst();
      checkpoints.copied(run.id(), first);
      checkpoints.flush();
      new MediaMigration(fixture.stores, checkpoints, SETTINGS)
          .run(run, registrar, p -> {}, () -> false);

      assertThat(batches).hasSize(1);
      ObjectCheckpoint again = checkpoints.objects(run.id()).get(first.source().toString());
      assertThat(again.state()).isEqualTo(ObjectCheckpoint.State.REGISTERED);
      assertThat(again.tableVersion()).isEqualTo(101L);
    }
  }
}
