package dev.sheaf.server.flight;

import java.util.List;

/**
 * The words a BI tool asks for on connect (JDBC's {@code getSQLKeywords}, {@code
 * getNumericFunctions}, ...; Flight SQL's SQL_KEYWORDS and SQL_*_FUNCTIONS): Sheaf's keywords that
 * SQL:2003 does not have, and the scalar functions the engine runs, each listed only when a call of
 * it works (FlightSqlBiMetadataTest runs one call of every name listed here).
 */
final class SqlVocabulary {
  /** Sheaf's statement words beyond SQL:2003 (its DDL, SHOW, jobs, versions) and LIMIT/OFFSET. */
  static final List<String> KEYWORDS =
      List.of(
          "ABORT",
          "BRANCH",
          "CANCEL",
          "COLUMNS",
          "ERRORS",
          "EXPIRE",
          "IF",
          "INDEX",
          "INGEST",
          "JOB",
          "LIMIT",
          "MEDIA",
          "MODEL",
          "MODELS",
          "OFFSET",
          "OLDER",
          "PAUSE",
          "RECOMPUTE",
          "RENAME",
          "RESUME",
          "SCHEMAS",
          "SHOW",
          "STORED",
          "TABLES",
          "TAG",
          "THAN",
          "VECTOR",
          "VERSIONS",
          "VIRTUAL",
          "WAIT");

  static final List<String> NUMERIC_FUNCTIONS =
      List.of(
          "ABS",
          "ACOS",
          "ASIN",
          "ATAN",
          "ATAN2",
          "CBRT",
          "CEIL",
          "CEILING",
          "COS",
          "COT",
          "DEGREES",
          "EXP",
          "FLOOR",
          "LN",
          "LOG",
          "LOG10",
          "MOD",
          "PI",
          "POWER",
          "RADIANS",
          "RAND",
          "RANDOM",
          "ROUND",
          "SIGN",
          "SIN",
          "SQRT",
          "TAN",
          "TRUNC",
          "TRUNCATE");

  static final List<String> STRING_FUNCTIONS =
      List.of(
          "ASCII",
          "CHAR_LENGTH",
          "CHARACTER_LENGTH",
          "CONCAT",
          "INITCAP",
          "LEFT",
          "LENGTH",
          "LOWER",
          "LPAD",
          "LTRIM",
          "MD5",
          "OVERLAY",
          "POSITION",
          "REGEXP_REPLACE",
          "REPEAT",
          "REPLACE",
          "REVERSE",
          "RIGHT",
          "RPAD",
          "RTRIM",
          "SPLIT_PART",
          "STRPOS",
          "SUBSTR",
          "SUBSTRING",
          "TRIM",
          "UPPER");

  static final List<String> DATETIME_FUNCTIONS =
      List.of(
          "CURRENT_DATE",
          "CURRENT_TIMESTAMP",
          "DATE_PART",
          "DATE_TRUNC",
          "DAYOFMONTH",
          "DAYOFWEEK",
          "DAYOFYEAR",
          "EXTRACT",
          "HOUR",
          "LOCALTIMESTAMP",
          "MINUTE",
          "MONTH",
          "QUARTER",
          "SECOND",
          "TIMESTAMPADD",
          "TIMESTAMPDIFF",
          "TO_CHAR",
          "WEEK",
          "YEAR");

  /** A bare {@code user} names a column (as in DuckDB), so USER is not among them. */
  static final List<String> SYSTEM_FUNCTIONS =
      List.of("CAST", "COALESCE", "CURRENT_USER", "GREATEST", "LEAST", "NULLIF", "SESSION_USER");

  private SqlVocabulary() {}
}
