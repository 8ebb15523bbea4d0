package dev.sheaf.server.flight;

import dev.sheaf.planner.media.MediaOnError;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * Keeps the headers of a call where the producer can read them: clients ask for partitioned results
 * with the header {@value #PARTITIONS} (ADBC: statement option {@code
 * adbc.flight.sql.rpc.call_header.sheaf-partitions}; pyarrow: {@code
 * FlightCallOptions(headers=...)}), and ask a statement to fail on a media cell that cannot be read
 * with {@value #MEDIA_ON_ERROR}{@code : abort}.
 */
public final class CallHeaders implements FlightServerMiddleware {
  static final String PARTITIONS = "sheaf-partitions";
  static final String PARTITION_ROWS = "sheaf-partition-rows";
  static final String MEDIA_ON_ERROR = "sheaf-media-on-error";
  static final int MAX_PARTITIONS = 4096;
  public static final Key<CallHeaders> KEY = Key.of("sheaf-call-headers");

  private final org.apache.arrow.flight.CallHeaders headers;

  private CallHeaders(org.apache.arrow.flight.CallHeaders headers) {
    this.headers = headers;
  }

  /** The partitions a client asked for: 1 when it did not ask. */
  int partitions() {
    String value = headers.get(PARTITIONS);
    if (value == null || value.isBlank()) {
      return 1;
    }
    try {
      int partitions = Integer.parseInt(value.strip());
      if (partitions >= 1 && partitions <= MAX_PARTITIONS) {
        return partitions;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CallStatus.INVALID_ARGUMENT
        .withDescription(
            "INVALID_ARGUMENT: Cannot partition the query into '"
                + value
                + "' parts: give a whole number from 1 to "
                + MAX_PARTITIONS)
        .toRuntimeException();
  }

  /** Whether the client asked for each partition's row count ({@value #PARTITION_ROWS}: true). */
  static boolean partitionRows(org.apache.arrow.flight.FlightProducer.CallContext context) {
    CallHeaders headers = context.getMiddleware(KEY);
    return headers != null && "true".equalsIgnoreCase(headers.headers.get(PARTITION_ROWS));
  }

  /**
   * What media functions do when a cell fails ({@value #MEDIA_ON_ERROR}: {@code null}, the default,
   * or {@code abort}); read on every call that runs a query (GetFlightInfo, DoGet).
   */
  static MediaOnError mediaOnError(org.apache.arrow.flight.FlightProducer.CallContext context) {
    CallHeaders headers = context.getMiddleware(KEY);
    return headers == null
        ? MediaOnError.NULL
        : MediaOnError.parse(headers.headers.get(MEDIA_ON_ERROR));
  }

  static int partitions(org.apache.arrow.flight.FlightProducer.CallContext context) {
    CallHeaders headers = context.getMiddleware(KEY);
    return headers == null ? 1 : headers.partitions();
  }

  @Override
  public void onBeforeSendingHeaders(org.apache.arrow.flight.CallHeaders outgoing) {}

  @Override
  public void onCallCompleted(CallStatus status) {}

  @Override
  public void onCallErrored(Throwable error) {}

  /** Makes one per call. */
  public static final class Factory implements FlightServerMiddleware.Factory<CallHeaders> {
    @Override
    public CallHeaders onCallStarted(
        CallInfo info, org.apache.arrow.flight.CallHeaders incoming, RequestContext context) {
      return new CallHeaders(incoming);
    }
  }
}
