package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values computed as PostgreSQL and DuckDB compute them, and their errors as PostgreSQL's. */
class ExactValuesTest extends EngineTestCase {
  private void createSample() {
    update(
        "CREATE TABLE t (id INTEGER, i INTEGER, b BIGINT, d DOUBLE, r REAL, m DECIMAL(10, 2),"
            + " f BOOLEAN, s VARCHAR)");
    update(
        "INSERT INTO t VALUES (1, 2147483647, 9223372036854775807, 2.5, 0.5, 7.50, true, 'abc'),"
            + " (2, 0, 0, -2.5, 1.5, -3.50, false, '12'), (3, 1, 1, -0.5, 3.5, 0.00, NULL, NULL)");
  }

  @Test
  void floatingCastsToIntegersRoundHalfToEven() {
    createSample();
    assertThat(
            query(
                "SELECT CAST(d AS INTEGER), CAST(r AS INTEGER), CAST(d AS BIGINT),"
                    + " CAST(d AS SMALLINT), CAST(m AS INTEGER) FROM t ORDER BY id"))
        .containsExactly(
            List.of(2, 0, 2L, 2, 8), List.of(-2, 2, -2L, -2, -4), List.of(0, 4, 0L, 0, 0));
  }

  @Test
  void booleansCastToLowerCaseText() {
    createSample();
    assertThat(query("SELECT CAST(f AS VARCHAR), CAST(true AS VARCHAR) FROM t ORDER BY id"))
        .containsExactly(
            List.of("true", "true"),
            List.of("false", "true"),
            java.util.Arrays.asList(null, "true"));
  }

  @Test
  void percentRankAndCumeDistAreWindowFunctions() {
    update("CREATE TABLE w (g VARCHAR, x INTEGER)");
    update("INSERT INTO w VALUES ('a', 1), ('a', 2), ('a', 2), ('a', 4), ('b', 9)");
    assertThat(
            query(
                "SELECT g, x, PERCENT_RANK() OVER (PARTITION BY g ORDER BY x),"
                    + " CUME_DIST() OVER (PARTITION BY g ORDER BY x) FROM w ORDER BY g, x"))
        .containsExactly(
            List.of("a", 1, 0.0, 0.25),
            List.of("a", 2, 1.0 / 3, 0.75),
            List.of("a", 2, 1.0 / 3, 0.75),
            List.of("a", 4, 1.0, 1.0),
            List.of("b", 9, 0.0, 1.0));
  }

  @Test
  void decimalDivisionKeepsSixteenDecimals() {
    createSample();
    assertThat(query("SELECT m / 3 FROM t WHERE id = 1"))
        .containsExactly(List.of(new BigDecimal("2.5000000000000000")));
    assertThat(query("SELECT CAST(1 AS DECIMAL(10, 2)) / CAST(3 AS DECIMAL(10, 2))"))
        .containsExactly(List.of(new BigDecimal("0.3333333333333333")));
  }

  /** The error a query raises, whether planning it or reading its rows. */
  private SheafException readFailure(String sql) {
    try {
      query(sql);
    } catch (SheafException e) {
      return e;
    }
    throw new AssertionError("expected " + sql + " to fail");
  }

  @Test
  void arithmeticErrorsAreSqlErrors() {
    createSample();
    assertThat(readFailure("SELECT 1 / i FROM t").code()).isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    assertThat(readFailure("SELECT 1 / 0").code()).isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    assertThat(readFailure("SELECT i % 0 FROM t").code()).isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    assertThat(readFailure("SELECT m / 0 FROM t").code()).isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    assertThat(readFailure("SELECT i + 1 FROM t").getMessage()).contains("INTEGER out of range");
    assertThat(readFailure("SELECT b * 2 FROM t").code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
    assertThat(readFailure("SELECT CAST(d * 1e12 AS INTEGER) FROM t").code())
        .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
    var invalid = readFailure("SELECT CAST(s AS INTEGER) FROM t");
    assertThat(invalid.code()).isEqualTo(ErrorCode.INVALID_CAST);
    assertThat(invalid.getMessage()).contains("\"abc\"");
    assertThat(readFailure("SELECT CAST('abc' AS INTEGER)").code())
        .isEqualTo(ErrorCode.INVALID_CAST);
    // the engine keeps serving, and the same values in range compute
    assertThat(query("SELECT CAST(i AS BIGINT) + 1, 1 / NULLIF(i, 0) FROM t WHERE id = 3"))
        .containsExactly(List.of(2L, 1));
  }

  @Test
  void expressionsWithoutAnErrorStillCompute() {
    createSample();
    assertThat(query("SELECT i - 1, b - 1, -i FROM t WHERE id = 1"))
        .containsExactly(List.of(2147483646, 9223372036854775806L, -2147483647));
  }
}
