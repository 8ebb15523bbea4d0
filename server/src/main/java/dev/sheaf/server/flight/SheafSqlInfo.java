package dev.sheaf.server.flight;

import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;

/** The SqlInfo values the Flight SQL JDBC driver and ADBC ask a server for. */
final class SheafSqlInfo {
  static final String VERSION = "0.1.0";

  private SheafSqlInfo() {}

  static SqlInfoBuilder create() {
    return new SqlInfoBuilder()
        .withFlightSqlServerName("Sheaf")
        .withFlightSqlServerVersion(VERSION)
        .withFlightSqlServerArrowVersion("18.3.0")
        .withFlightSqlServerReadOnly(false)
        .withFlightSqlServerSql(true)
        .withFlightSqlServerSubstrait(false)
        .withFlightSqlServerTransaction(
            FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
        .withFlightSqlServerCancel(true)
        .withFlightSqlServerBulkIngestion(true)
        .withFlightSqlServerBulkIngestionTransaction(false)
        .withSqlTransactionsSupported(false)
        .withSqlSavepointsSupported(false)
        .withSqlDefaultTransactionIsolation(java.sql.Connection.TRANSACTION_NONE)
        .withSqlIdentifierQuoteChar("\"")
        .withSqlDdlCatalog(false)
        .withSqlDdlSchema(true)
        .withSqlDdlTable(true)
        .withSqlIdentifierCase(FlightSql.SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_LOWERCASE)
        .withSqlQuotedIdentifierCase(
            FlightSql.SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE);
  }
}
