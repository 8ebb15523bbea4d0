package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;

/** The errors of a migration that the stores do not raise themselves. */
final class IngestErrors {
  /** The code of bytes that arrived other than they left (CHECKSUM_MISMATCH once spi has it). */
  static final ErrorCode CHECKSUM_MISMATCH = ErrorCode.MEDIA_CHANGED;

  /** The code of a source that cannot be listed (SOURCE_UNAVAILABLE once spi has it). */
  static final ErrorCode SOURCE_UNAVAILABLE = ErrorCode.MEDIA_UNAVAILABLE;

  private IngestErrors() {}

  static SheafException checksumMismatch(URI source, URI destination) {
    return SheafException.of(
        CHECKSUM_MISMATCH,
        "Cannot copy %s to %s: the destination holds other bytes than were read (checksum"
            + " mismatch; run the migration again to copy it anew)",
        UriRedaction.redact(source),
        UriRedaction.redact(destination));
  }

  static SheafException sourceUnavailable(URI source, SheafException cause) {
    return new SheafException(
        cause.code() == ErrorCode.MEDIA_UNAVAILABLE ? SOURCE_UNAVAILABLE : cause.code(),
        String.format(
            "Cannot list the source %s: %s (check the source and run the migration again; it"
                + " resumes)",
            UriRedaction.redact(source), cause.getMessage()),
        cause);
  }
}
