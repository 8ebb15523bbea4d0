package dev.sheaf.catalog.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Who holds a job lease: host name, process id and a random part (two engines in one process are
 * two owners), written {@code host:pid:nonce}. A lease of a process of this host that is no longer
 * alive may be taken at once instead of after it expires, so a server restarted after a crash goes
 * on with its jobs without waiting out its own old lease.
 */
public record LeaseOwner(String host, long pid, String nonce) {
  /** An owner for an engine of this process. */
  public static LeaseOwner ofThisProcess() {
    return new LeaseOwner(
        hostName(), ProcessHandle.current().pid(), UUID.randomUUID().toString().substring(0, 8));
  }

  /** The owner written in the leases table, or empty when it is not in Sheaf's form. */
  public static Optional<LeaseOwner> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(new LeaseOwner(parts[0], Long.parseLong(parts[1]), parts[2]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether this owner was a process of this host that has ended. (Hosts are told apart by name:
   * two containers sharing a host name and not each other's processes could take each other's jobs,
   * which costs repeated work, never rows: each chunk commits atomically.)
   */
  public boolean endedOnThisHost() {
    return host.equals(hostName())
        && pid != ProcessHandle.current().pid()
        && ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
  }

  private static String hostName() {
    String name = System.getenv("HOSTNAME");
    if (name == null || name.isBlank()) {
      try {
        name = Files.readString(Path.of("/etc/hostname")).trim();
      } catch (IOException | RuntimeException e) {
        name = "";
      }
    }
    name = name.isBlank() ? "localhost" : name;
    return name.replace(':', '_');
  }

  @Override
  public String toString() {
    return host + ":" + pid + ":" + nonce;
  }
}
