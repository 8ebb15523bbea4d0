package dev.sheaf.catalog.ingest;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;

/** The errors of a migration that the stores do not raise themselves. */
final class IngestErrors {
  private IngestErrors() {}

  static SheafException checksumMismatch(URI source, URI destination) {
    return SheafException.of(
        ErrorCode.CHECKSUM_MISMATCH,
        "Cannot copy %s to %s: the destination holds other bytes than were read (checksum"
            + " mismatch; run the migration again to copy it anew)",
        SourceUris.display(source),
        SourceUris.display(destination));
  }

  /**
   * A source that cannot be listed: SOURCE_UNAVAILABLE where its store kept failing; a refusal
   * (MEDIA_ACCESS_DENIED: outside the file roots, a private address) or a missing listing file
   * (MEDIA_NOT_FOUND) keeps its code.
   */
  static SheafException sourceUnavailable(URI source, SheafException cause) {
    return new SheafException(
        cause.code() == ErrorCode.MEDIA_UNAVAILABLE ? ErrorCode.SOURCE_UNAVAILABLE : cause.code(),
        String.format(
            "Cannot list the source %s: %s (check the source and run the migration again; it"
                + " resumes)",
            SourceUris.display(source), cause.getMessage()),
        cause);
  }
}
