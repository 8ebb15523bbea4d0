package dev.sheaf.catalog.ingest;

import static java.util.Objects.requireNonNull;

/**
 * Where one object of a run stands, as the catalog database keeps it.
 *
 * @param state PENDING (read and hashed, upload may have started), COPIED (checked at the
 *     destination), REGISTERED (its row committed, {@code tableVersion} the snapshot), FAILED
 *     ({@code errorCode} and {@code message})
 */
public record ObjectCheckpoint(
    String source,
    State state,
    String sourceEtag,
    String destination,
    long size,
    String sha256,
    String expectedEtag,
    String destinationEtag,
    String destinationVersion,
    String errorCode,
    String message,
    long tableVersion,
    long updatedAt) {
  /** Where an object stands. */
  public enum State {
    PENDING,
    COPIED,
    REGISTERED,
    FAILED
  }

  public ObjectCheckpoint {
    requireNonNull(source, "source is null");
    requireNonNull(state, "state is null");
  }

  /** Whether the object needs no more copying. */
  public boolean copied() {
    return state == State.COPIED || state == State.REGISTERED;
  }
}
