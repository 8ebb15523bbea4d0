package dev.sheaf.catalog.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.config.CatalogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job leases on the embedded SQLite catalog, as two servers (two connections) use them. */
class JobLeasesTest {
  @TempDir Path directory;

  @Test
  void oneOwnerAtATimeUntilTheLeaseRunsOut() throws Exception {
    CatalogConfig config = CatalogConfig.embedded(directory);
    Files.createDirectories(directory);
    try (JobLeases first = new JobLeases(config);
        JobLeases second = new JobLeases(config)) {
      long now = 1_000_000;
      assertThat(first.acquire("job", "a", now, 1_000)).isTrue();
      assertThat(second.acquire("job", "b", now + 500, 1_000)).as("held by a").isFalse();
      assertThat(first.acquire("job", "a", now + 500, 1_000)).as("a takes its own again").isTrue();
      assertThat(first.renew("job", "a", now + 1_400, 1_000)).isTrue();
      assertThat(second.acquire("job", "b", now + 2_000, 1_000)).as("still renewed").isFalse();
      // a stops renewing: b takes the job once the lease ran out, and a learns it lost it
      assertThat(second.acquire("job", "b", now + 2_401, 1_000)).isTrue();
      assertThat(first.renew("job", "a", now + 2_500, 1_000)).isFalse();
      assertThat(first.holder("job")).isEqualTo("b");
      first.release("job", "a"); // not a's to release
      assertThat(second.holder("job")).isEqualTo("b");
      second.release("job", "b");
      assertThat(first.holder("job")).isNull();
      assertThat(first.acquire("job", "a", now + 2_600, 1_000)).isTrue();
    }
  }

  @Test
  void ofManyServersTakingAFreeJobAtOnceOneWins() throws Exception {
    CatalogConfig config = CatalogConfig.embedded(directory);
    Files.createDirectories(directory);
    List<JobLeases> servers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int i = 0; i < 4; i++) {
        servers.add(new JobLeases(config));
      }
      for (int round = 0; round < 20; round++) {
        String job = "job-" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> takes = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
          JobLeases server = servers.get(i);
          String owner = "server-" + i;
          takes.add(
              pool.submit(
                  () -> {
                    start.await();
                    return server.acquire(job, owner, System.currentTimeMillis(), 60_000);
                  }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> take : takes) {
          won += take.get() ? 1 : 0;
        }
        assertThat(won).as("round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
      servers.forEach(JobLeases::close);
    }
  }

  @Test
  void aLeaseOfAnEndedProcessOfThisHostMayBeTakenAtOnce() throws Exception {
    LeaseOwner self = LeaseOwner.ofThisProcess();
    assertThat(LeaseOwner.parse(self.toString())).contains(self);
    assertThat(LeaseOwner.parse("not an owner")).isEmpty();
    assertThat(self.endedOnThisHost()).as("this process").isFalse();
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    LeaseOwner crashed = new LeaseOwner(self.host(), ended.pid(), "x");
    assertThat(crashed.endedOnThisHost()).isTrue();
    assertThat(new LeaseOwner("another-host", ended.pid(), "x").endedOnThisHost())
        .as("a process elsewhere may be alive")
        .isFalse();

    CatalogConfig config = CatalogConfig.embedded(directory);
    Files.createDirectories(directory);
    try (JobLeases leases = new JobLeases(config)) {
      long now = System.currentTimeMillis();
      assertThat(leases.acquire("job", crashed.toString(), now, 60_000)).isTrue();
      assertThat(leases.acquire("job", self.toString(), now, 60_000)).isFalse();
      assertThat(leases.takeFrom("job", crashed.toString(), self.toString(), now, 60_000)).isTrue();
      assertThat(leases.takeFrom("job", crashed.toString(), "third", now, 60_000))
          .as("only from the holder it names")
          .isFalse();
      assertThat(leases.holder("job")).isEqualTo(self.toString());
    }
  }
}
