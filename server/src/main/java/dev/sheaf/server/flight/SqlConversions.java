package dev.sheaf.server.flight;

import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_BIGINT;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_BINARY;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_CHAR;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_DATE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_DECIMAL;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_FLOAT;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_INTEGER;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_NUMERIC;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_REAL;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_SMALLINT;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_TIMESTAMP;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_TINYINT;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_VARBINARY;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_VARCHAR;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert;

/**
 * The CASTs Sheaf runs, as Flight SQL's SQL_SUPPORTS_CONVERT (JDBC's {@code supportsConvert(from,
 * to)}): from each SQL type to the types it converts to. Numbers convert to any number and to text;
 * text to numbers, dates and timestamps; dates and timestamps to each other and to text; binary to
 * binary. FlightSqlBiMetadataTest runs a CAST for every pair listed.
 */
final class SqlConversions {
  private static final List<SqlSupportsConvert> NUMBERS =
      List.of(
          SQL_CONVERT_BIGINT,
          SQL_CONVERT_DECIMAL,
          SQL_CONVERT_FLOAT,
          SQL_CONVERT_INTEGER,
          SQL_CONVERT_NUMERIC,
          SQL_CONVERT_REAL,
          SQL_CONVERT_SMALLINT,
          SQL_CONVERT_TINYINT);
  private static final List<SqlSupportsConvert> TEXT =
      List.of(SQL_CONVERT_CHAR, SQL_CONVERT_VARCHAR);
  private static final List<SqlSupportsConvert> DATETIMES =
      List.of(SQL_CONVERT_DATE, SQL_CONVERT_TIMESTAMP);
  private static final List<SqlSupportsConvert> BINARY =
      List.of(SQL_CONVERT_BINARY, SQL_CONVERT_VARBINARY);

  private SqlConversions() {}

  /** from -> the types it converts to, by the enum's numbers as Flight SQL sends them. */
  static Map<Integer, List<Integer>> all() {
    Map<Integer, List<Integer>> conversions = new LinkedHashMap<>();
    for (SqlSupportsConvert number : NUMBERS) {
      conversions.put(number.getNumber(), numbers(List.of(NUMBERS, TEXT)));
    }
    for (SqlSupportsConvert text : TEXT) {
      conversions.put(text.getNumber(), numbers(List.of(NUMBERS, TEXT, DATETIMES)));
    }
    for (SqlSupportsConvert datetime : DATETIMES) {
      conversions.put(datetime.getNumber(), numbers(List.of(DATETIMES, TEXT)));
    }
    for (SqlSupportsConvert binary : BINARY) {
      conversions.put(binary.getNumber(), numbers(List.of(BINARY)));
    }
    return conversions;
  }

  private static List<Integer> numbers(List<List<SqlSupportsConvert>> groups) {
    return groups.stream()
        .flatMap(List::stream)
        .map(SqlSupportsConvert::getNumber)
        .sorted()
        .toList();
  }
}
