package dev.sheaf.server.flight;

import dev.sheaf.spi.error.ErrorCategory;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Sheaf errors to Flight statuses. The Flight status follows the error's category; Sheaf's
 * code travels in the metadata keys {@code sheaf-error-code} (the name) and {@code
 * sheaf-error-number}. Causes stay in the server log, never on the wire.
 */
public final class FlightErrors {
  public static final String CODE_KEY = "sheaf-error-code";
  public static final String NUMBER_KEY = "sheaf-error-number";

  private static final String OUT_OF_MEMORY_MESSAGE =
      "Cannot run the statement: it needs more memory than the server's memory budget has free"
          + " (select fewer rows or columns, retry when other queries finished, or raise"
          + " memory-budget)";

  private static final Logger LOG = LoggerFactory.getLogger(FlightErrors.class);

  /** The most characters of an error description sent to a client. */
  static final int MAX_DESCRIPTION = 2_000;

  private FlightErrors() {}

  /**
   * An error Arrow's Flight SQL dispatch raised itself (an unknown action, a body that is not the
   * message its action needs) as Sheaf's INVALID_ARGUMENT; Sheaf's own errors pass unchanged.
   */
  public static FlightRuntimeException fromArrow(FlightRuntimeException error) {
    if (error.status().metadata().containsKey(CODE_KEY)
        || error.status().code() != org.apache.arrow.flight.FlightStatusCode.INVALID_ARGUMENT) {
      return error;
    }
    return toFlight(
        new SheafException(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot read the request: "
                + error.status().description()
                + " (send a Flight SQL action or command that this server lists)"));
  }

  public static FlightRuntimeException toFlight(Throwable error) {
    if (error instanceof FlightRuntimeException flight) {
      return flight;
    }
    SheafException sheaf =
        outOfMemory(error)
            ? new SheafException(ErrorCode.OUT_OF_MEMORY, OUT_OF_MEMORY_MESSAGE)
            : find(error);
    if (sheaf == null) {
      LOG.error("internal error", error);
      sheaf =
          new SheafException(
              ErrorCode.INTERNAL_ERROR,
              "Cannot complete the request: internal error (see the server log)");
    } else if (sheaf.code() == ErrorCode.INTERNAL_ERROR) {
      LOG.error("internal error", error);
    } else {
      logExpected(sheaf);
    }
    ErrorFlightMetadata metadata = new ErrorFlightMetadata();
    metadata.insert(CODE_KEY, sheaf.code().name());
    metadata.insert(NUMBER_KEY, Integer.toString(sheaf.code().number()));
    return status(sheaf.code())
        .withDescription(capped(sheaf.code().name() + ": " + sheaf.getMessage()))
        .withMetadata(metadata)
        .toRuntimeException();
  }

  /**
   * The description as sent: at most {@link #MAX_DESCRIPTION} characters, since gRPC carries it in
   * a header (8 KB by default for all of them); a message quoting a large value (megabytes of bytes
   * taken as a URI) would otherwise lose the whole error.
   */
  static String capped(String description) {
    if (description.length() <= MAX_DESCRIPTION) {
      return description;
    }
    return description.substring(0, MAX_DESCRIPTION)
        + "... ("
        + (description.length() - MAX_DESCRIPTION)
        + " more characters)";
  }

  /**
   * An expected outcome (a user's mistake, a retryable conflict, an unreachable store) is one line
   * in the log, without its stack trace; only internal errors log theirs.
   */
  private static void logExpected(SheafException sheaf) {
    String message = sheaf.getMessage() == null ? "" : sheaf.getMessage().split("\n", 2)[0];
    if (message.length() > 500) {
      message = message.substring(0, 500) + "...";
    }
    if (sheaf.code().category() == ErrorCategory.USER) {
      LOG.info("{}: {}", sheaf.code().name(), message);
    } else {
      LOG.warn("{}: {}", sheaf.code().name(), message);
    }
  }

  private static CallStatus status(ErrorCode code) {
    return switch (code) {
      case SCHEMA_NOT_FOUND,
          TABLE_NOT_FOUND,
          COLUMN_NOT_FOUND,
          VERSION_NOT_FOUND,
          REFERENCE_NOT_FOUND,
          INDEX_NOT_FOUND,
          RESULT_EXPIRED,
          MODEL_NOT_FOUND,
          JOB_NOT_FOUND,
          MEDIA_NOT_FOUND ->
          CallStatus.NOT_FOUND;
      case SCHEMA_ALREADY_EXISTS,
          TABLE_ALREADY_EXISTS,
          COLUMN_ALREADY_EXISTS,
          REFERENCE_ALREADY_EXISTS,
          INDEX_ALREADY_EXISTS,
          DUPLICATE_KEY,
          MODEL_ALREADY_EXISTS ->
          CallStatus.ALREADY_EXISTS;
      case NOT_SUPPORTED -> CallStatus.UNIMPLEMENTED;
      case CANCELLED -> CallStatus.CANCELLED;
      case COMMIT_CONFLICT, STORAGE_ERROR, CATALOG_ERROR, MODEL_RUN_ERROR, MEDIA_UNAVAILABLE ->
          CallStatus.UNAVAILABLE;
      case OUT_OF_MEMORY, RESULT_TOO_LARGE -> CallStatus.RESOURCE_EXHAUSTED;
      case INTERNAL_ERROR -> CallStatus.INTERNAL;
      default -> CallStatus.INVALID_ARGUMENT;
    };
  }

  /** Arrow's allocator refused memory: the memory budget (or the machine) ran out. */
  private static boolean outOfMemory(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof org.apache.arrow.memory.OutOfMemoryException) {
        return true;
      }
    }
    return false;
  }

  private static SheafException find(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SheafException sheaf) {
        return sheaf;
      }
    }
    return null;
  }
}
