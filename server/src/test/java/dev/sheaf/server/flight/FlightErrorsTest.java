package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;

/**
 * What an error leaves in the server log (one line when expected, a stack trace when not) and what
 * it sends (its code, and at most a capped description).
 */
class FlightErrorsTest {
  /** The server log (slf4j-simple writes to System.err) while {@code action} runs. */
  private static String log(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void expectedOutcomesLogOneLine() {
    var conflict =
        new SheafException(
            ErrorCode.COMMIT_CONFLICT,
            "Cannot commit to table t: another statement changed the same rows first",
            new IllegalStateException("iceberg's own words"));
    String logged =
        log(
            () ->
                assertThat(FlightErrors.toFlight(conflict).status().code())
                    .isEqualTo(FlightStatusCode.UNAVAILABLE));
    assertThat(logged.strip().lines()).hasSize(1);
    assertThat(logged)
        .contains("COMMIT_CONFLICT: Cannot commit to table t")
        .doesNotContain("\tat ");

    var missing = SheafException.of(ErrorCode.TABLE_NOT_FOUND, "Cannot find table nope");
    logged = log(() -> FlightErrors.toFlight(missing));
    assertThat(logged.strip().lines()).hasSize(1);
    assertThat(logged).contains("TABLE_NOT_FOUND: Cannot find table nope");
  }

  @Test
  void internalErrorsKeepTheirStackTrace() {
    String logged =
        log(
            () ->
                assertThat(
                        FlightErrors.toFlight(new IllegalStateException("a bug")).status().code())
                    .isEqualTo(FlightStatusCode.INTERNAL));
    assertThat(logged).contains("internal error").contains("a bug").contains("\tat ");
  }

  @Test
  void longMessagesAreCappedButKeepTheirCode() {
    String uri = "0123456789abcdef".repeat(65_536); // a megabyte of hex taken as a URI
    FlightRuntimeException error =
        FlightErrors.toFlight(
            SheafException.of(ErrorCode.MEDIA_NOT_FOUND, "Cannot read media %s: no object", uri));
    assertThat(error.status().description())
        .startsWith("MEDIA_NOT_FOUND: Cannot read media 0123")
        .endsWith("more characters)")
        .hasSizeLessThan(FlightErrors.MAX_DESCRIPTION + 40);
  }

  @Test
  void shortMessagesAreSentWhole() {
    FlightRuntimeException error =
        FlightErrors.toFlight(SheafException.of(ErrorCode.TABLE_NOT_FOUND, "Cannot find 猫"));
    assertThat(error.status().description()).isEqualTo("TABLE_NOT_FOUND: Cannot find 猫");
  }

  @Test
  void statusesFollowTheError() {
    java.util.Map<ErrorCode, FlightStatusCode> expected =
        java.util.Map.of(
            ErrorCode.MEDIA_NOT_FOUND, FlightStatusCode.NOT_FOUND,
            ErrorCode.MEDIA_UNAVAILABLE, FlightStatusCode.UNAVAILABLE,
            ErrorCode.TABLE_NOT_FOUND, FlightStatusCode.NOT_FOUND,
            ErrorCode.DUPLICATE_KEY, FlightStatusCode.ALREADY_EXISTS,
            ErrorCode.NOT_SUPPORTED, FlightStatusCode.UNIMPLEMENTED,
            ErrorCode.OUT_OF_MEMORY, FlightStatusCode.RESOURCE_EXHAUSTED,
            ErrorCode.SYNTAX_ERROR, FlightStatusCode.INVALID_ARGUMENT);
    expected.forEach(
        (code, status) ->
            assertThat(FlightErrors.toFlight(SheafException.of(code, "x")).status().code())
                .as(code.name())
                .isEqualTo(status));
  }
}
