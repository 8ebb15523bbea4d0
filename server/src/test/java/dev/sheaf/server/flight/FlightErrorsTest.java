package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;

class FlightErrorsTest {
  @Test
  void longMessagesAreCappedButKeepTheirCode() {
    String uri = "0123456789abcdef".repeat(65_536); // a megabyte of hex taken as a URI
    FlightRuntimeException error =
        FlightErrors.toFlight(
            SheafException.of(ErrorCode.MEDIA_NOT_FOUND, "Cannot read media %s: no object", uri));
    assertThat(error.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND);
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
}
