package dev.sheaf.server.flight;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * Sheaf has no multi-statement transactions: every statement commits on its own (one table
 * version). SqlInfo says so ({@link SheafSqlInfo}); the transaction and savepoint actions answer
 * NOT_SUPPORTED.
 */
final class Transactions {
  private Transactions() {}

  static FlightRuntimeException unsupported(String what) {
    return FlightErrors.toFlight(
        SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot %s: Sheaf has no transactions; every statement commits on its own (use"
                + " autocommit, and one statement or one bulk ingest per change)",
            what));
  }
}
