package dev.sheaf.planner.exec;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Calcite's type system with the rules users of DuckDB, PostgreSQL and Trino expect: DECIMAL up to
 * precision 38, TIMESTAMP as TIMESTAMP(6), SUM of integers as BIGINT, AVG of exact numbers as
 * DOUBLE, and {@code VALUES ('lion'), ('owl')} as VARCHAR rather than CHAR(4) padded with blanks.
 */
final class SheafTypeSystem extends RelDataTypeSystemImpl {
  static final SheafTypeSystem INSTANCE = new SheafTypeSystem();

  /** Sheaf stores timestamps in microseconds. */
  static final int TIMESTAMP_PRECISION = 6;

  private SheafTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case DECIMAL -> 38;
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TIMESTAMP_PRECISION;
      default -> super.getMaxPrecision(typeName);
    };
  }

  /** TIMESTAMP without a precision is TIMESTAMP(6), as in PostgreSQL: microseconds. */
  @Override
  public int getDefaultPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TIMESTAMP_PRECISION;
      default -> super.getDefaultPrecision(typeName);
    };
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
  }

  /** CAST to a narrower exact type rounds half away from zero, as PostgreSQL does for numerics. */
  @Override
  public java.math.RoundingMode roundingMode() {
    return java.math.RoundingMode.HALF_UP;
  }

  /** The fewest decimals a DECIMAL quotient keeps: PostgreSQL's NUMERIC_MIN_SIG_DIGITS. */
  static final int MIN_QUOTIENT_SCALE = 16;

  /**
   * A DECIMAL quotient keeps at least 16 decimals and no fewer than either operand has, as
   * PostgreSQL's numeric division does for quotients below 10,000 (it chooses the scale from the
   * values: 16 significant digits, more below 1, fewer above 10,000); Calcite keeps 6. The integer
   * digits a quotient can have come first: at 38 digits in all, decimals give way to them.
   */
  @Override
  public RelDataType deriveDecimalDivideType(
      RelDataTypeFactory factory, RelDataType dividend, RelDataType divisor) {
    RelDataType calcite = super.deriveDecimalDivideType(factory, dividend, divisor);
    if (calcite == null) {
      return null; // not a DECIMAL division (integers divide as integers)
    }
    int max = getMaxNumericPrecision();
    int operandScale = Math.max(dividend.getScale(), divisor.getScale());
    int integerDigits =
        Math.min(max, dividend.getPrecision() - dividend.getScale() + divisor.getScale());
    int scale = Math.max(MIN_QUOTIENT_SCALE, operandScale);
    scale = Math.max(Math.min(scale, max - integerDigits), Math.min(operandScale, max));
    int precision = Math.min(max, integerDigits + scale);
    return factory.createTypeWithNullability(
        factory.createSqlType(SqlTypeName.DECIMAL, precision, scale), calcite.isNullable());
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory factory, RelDataType argumentType) {
    if (SqlTypeUtil.isExactNumeric(argumentType)
        && argumentType.getScale() <= 0
        && argumentType.getSqlTypeName() != SqlTypeName.DECIMAL) {
      return factory.createTypeWithNullability(
          factory.createSqlType(SqlTypeName.BIGINT), argumentType.isNullable());
    }
    if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
      return factory.createTypeWithNullability(
          factory.createSqlType(SqlTypeName.DECIMAL, 38, argumentType.getScale()),
          argumentType.isNullable());
    }
    return super.deriveSumType(factory, argumentType);
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argumentType) {
    if (SqlTypeUtil.isExactNumeric(argumentType)) {
      return factory.createTypeWithNullability(
          factory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
    }
    return super.deriveAvgAggType(factory, argumentType);
  }
}
