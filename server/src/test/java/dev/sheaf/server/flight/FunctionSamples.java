package dev.sheaf.server.flight;

import java.util.Map;

/** One call of each function {@link SqlVocabulary} lists, for FlightSqlBiMetadataTest. */
final class FunctionSamples {
  static final Map<String, String> NUMERIC =
      Map.ofEntries(
          Map.entry("ABS", "ABS(-1)"),
          Map.entry("ACOS", "ACOS(0.5)"),
          Map.entry("ASIN", "ASIN(0.5)"),
          Map.entry("ATAN", "ATAN(1)"),
          Map.entry("ATAN2", "ATAN2(1, 1)"),
          Map.entry("CBRT", "CBRT(8)"),
          Map.entry("CEIL", "CEIL(1.5)"),
          Map.entry("CEILING", "CEILING(1.5)"),
          Map.entry("COS", "COS(1)"),
          Map.entry("COT", "COT(1)"),
          Map.entry("DEGREES", "DEGREES(1)"),
          Map.entry("EXP", "EXP(1)"),
          Map.entry("FLOOR", "FLOOR(1.5)"),
          Map.entry("LN", "LN(2)"),
          Map.entry("LOG", "LOG(2, 8)"),
          Map.entry("LOG10", "LOG10(100)"),
          Map.entry("MOD", "MOD(7, 3)"),
          Map.entry("PI", "PI()"),
          Map.entry("POWER", "POWER(2, 3)"),
          Map.entry("RADIANS", "RADIANS(1)"),
          Map.entry("RAND", "RAND()"),
          Map.entry("RANDOM", "RANDOM()"),
          Map.entry("ROUND", "ROUND(1.55, 1)"),
          Map.entry("SIGN", "SIGN(-2)"),
          Map.entry("SIN", "SIN(1)"),
          Map.entry("SQRT", "SQRT(4)"),
          Map.entry("TAN", "TAN(1)"),
          Map.entry("TRUNC", "TRUNC(1.55, 1)"),
          Map.entry("TRUNCATE", "TRUNCATE(1.55, 1)"));

  static final Map<String, String> STRING =
      Map.ofEntries(
          Map.entry("ASCII", "ASCII('a')"),
          Map.entry("CHAR_LENGTH", "CHAR_LENGTH('ab')"),
          Map.entry("CHARACTER_LENGTH", "CHARACTER_LENGTH('ab')"),
          Map.entry("CONCAT", "CONCAT('a', 'b')"),
          Map.entry("INITCAP", "INITCAP('ab')"),
          Map.entry("LEFT", "LEFT('abc', 2)"),
          Map.entry("LENGTH", "LENGTH('ab')"),
          Map.entry("LOWER", "LOWER('A')"),
          Map.entry("LPAD", "LPAD('a', 3, 'x')"),
          Map.entry("LTRIM", "LTRIM(' a')"),
          Map.entry("MD5", "MD5('a')"),
          Map.entry("OVERLAY", "OVERLAY('abc' PLACING 'x' FROM 2)"),
          Map.entry("POSITION", "POSITION('b' IN 'abc')"),
          Map.entry("REGEXP_REPLACE", "REGEXP_REPLACE('abc', 'b', 'x')"),
          Map.entry("REPEAT", "REPEAT('a', 2)"),
          Map.entry("REPLACE", "REPLACE('abc', 'b', 'x')"),
          Map.entry("REVERSE", "REVERSE('abc')"),
          Map.entry("RIGHT", "RIGHT('abc', 2)"),
          Map.entry("RPAD", "RPAD('a', 3, 'x')"),
          Map.entry("RTRIM", "RTRIM('a ')"),
          Map.entry("SPLIT_PART", "SPLIT_PART('a,b', ',', 2)"),
          Map.entry("STRPOS", "STRPOS('abc', 'b')"),
          Map.entry("SUBSTR", "SUBSTR('abc', 2)"),
          Map.entry("SUBSTRING", "SUBSTRING('abc' FROM 2)"),
          Map.entry("TRIM", "TRIM(' a ')"),
          Map.entry("UPPER", "UPPER('a')"));

  static final Map<String, String> DATETIME =
      Map.ofEntries(
          Map.entry("CURRENT_DATE", "CURRENT_DATE"),
          Map.entry("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"),
          Map.entry("DATE_PART", "DATE_PART('year', DATE '2024-03-01')"),
          Map.entry("DATE_TRUNC", "DATE_TRUNC('month', TIMESTAMP '2024-03-01 10:00:00')"),
          Map.entry("DAYOFMONTH", "DAYOFMONTH(DATE '2024-03-01')"),
          Map.entry("DAYOFWEEK", "DAYOFWEEK(DATE '2024-03-01')"),
          Map.entry("DAYOFYEAR", "DAYOFYEAR(DATE '2024-03-01')"),
          Map.entry("EXTRACT", "EXTRACT(YEAR FROM DATE '2024-03-01')"),
          Map.entry("HOUR", "HOUR(TIMESTAMP '2024-03-01 10:00:00')"),
          Map.entry("LOCALTIMESTAMP", "LOCALTIMESTAMP"),
          Map.entry("MINUTE", "MINUTE(TIMESTAMP '2024-03-01 10:00:00')"),
          Map.entry("MONTH", "MONTH(DATE '2024-03-01')"),
          Map.entry("QUARTER", "QUARTER(DATE '2024-03-01')"),
          Map.entry("SECOND", "SECOND(TIMESTAMP '2024-03-01 10:00:00')"),
          Map.entry("TIMESTAMPADD", "TIMESTAMPADD(DAY, 1, TIMESTAMP '2024-03-01 10:00:00')"),
          Map.entry(
              "TIMESTAMPDIFF",
              "TIMESTAMPDIFF(DAY, TIMESTAMP '2024-03-01 10:00:00', TIMESTAMP '2024-03-05 10:00:00')"),
          Map.entry("TO_CHAR", "TO_CHAR(DATE '2024-03-01', 'YYYY')"),
          Map.entry("WEEK", "WEEK(DATE '2024-03-01')"),
          Map.entry("YEAR", "YEAR(DATE '2024-03-01')"));

  static final Map<String, String> SYSTEM =
      Map.ofEntries(
          Map.entry("CAST", "CAST(1 AS VARCHAR)"),
          Map.entry("COALESCE", "COALESCE(NULL, 1)"),
          Map.entry("CURRENT_USER", "CURRENT_USER"),
          Map.entry("GREATEST", "GREATEST(1, 2)"),
          Map.entry("LEAST", "LEAST(1, 2)"),
          Map.entry("NULLIF", "NULLIF(1, 1)"),
          Map.entry("SESSION_USER", "SESSION_USER"));

  private FunctionSamples() {}
}
