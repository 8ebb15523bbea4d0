package dev.sheaf.planner.schema;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Sheaf types as Calcite sees them. Media, JSON and VARCHAR are VARCHAR; VECTOR is ARRAY of REAL;
 * TIMESTAMP is TIMESTAMP(6) and TIMESTAMP_TZ is TIMESTAMP WITH LOCAL TIME ZONE. The Sheaf type of a
 * result column is recovered from the column it came from, or from its Calcite type.
 */
public final class CalciteTypes {
  private CalciteTypes() {}

  public static RelDataType relType(RelDataTypeFactory factory, SheafType type, boolean nullable) {
    RelDataType base =
        switch (type.kind()) {
          case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
          case INTEGER -> factory.createSqlType(SqlTypeName.INTEGER);
          case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
          case REAL -> factory.createSqlType(SqlTypeName.REAL);
          case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
          case DECIMAL ->
              factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
          case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT ->
              factory.createSqlType(SqlTypeName.VARCHAR);
          case DATE -> factory.createSqlType(SqlTypeName.DATE);
          case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, 6);
          case TIMESTAMP_TZ -> factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6);
          case VARBINARY -> factory.createSqlType(SqlTypeName.VARBINARY);
          // elements nullable: ARRAY[1, NULL, 3] reaches Sheaf's check (TYPE_MISMATCH) instead of
          // an unboxing in generated code
          case VECTOR ->
              factory.createArrayType(
                  factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.REAL), true),
                  -1);
        };
    return factory.createTypeWithNullability(base, nullable);
  }

  public static RelDataType rowType(
      RelDataTypeFactory factory, List<SheafColumn> columns, boolean withRowId) {
    RelDataTypeFactory.Builder builder = factory.builder();
    for (SheafColumn column : columns) {
      builder.add(column.name(), relType(factory, column.type(), column.nullable()));
    }
    if (withRowId) {
      builder.add(
          dev.sheaf.catalog.iceberg.IcebergSchemas.ROWID,
          factory.createSqlType(SqlTypeName.BIGINT));
    }
    return builder.build();
  }

  /** The Sheaf type for a computed result column of the given Calcite type. */
  public static SheafType sheafType(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case BOOLEAN -> SheafType.of(TypeKind.BOOLEAN);
      case TINYINT, SMALLINT, INTEGER -> SheafType.of(TypeKind.INTEGER);
      case BIGINT -> SheafType.of(TypeKind.BIGINT);
      case REAL -> SheafType.of(TypeKind.REAL);
      case FLOAT, DOUBLE -> SheafType.of(TypeKind.DOUBLE);
      case DECIMAL ->
          SheafType.decimal(
              Math.max(1, Math.min(type.getPrecision(), SheafType.MAX_DECIMAL_PRECISION)),
              Math.max(0, Math.min(type.getScale(), Math.min(type.getPrecision(), 38))));
      case DATE -> SheafType.of(TypeKind.DATE);
      case TIMESTAMP -> SheafType.of(TypeKind.TIMESTAMP);
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_TZ -> SheafType.of(TypeKind.TIMESTAMP_TZ);
      case BINARY, VARBINARY -> SheafType.of(TypeKind.VARBINARY);
      default -> SheafType.of(TypeKind.VARCHAR);
    };
  }

  /** The Sheaf type a DDL type names: a SQL type, or IMAGE, VIDEO, AUDIO, DOCUMENT, JSON. */
  public static SheafType fromSpec(SqlDataTypeSpec spec, int vectorDimension) {
    if (spec == null) {
      return SheafType.vector(vectorDimension);
    }
    SqlTypeNameSpec name = spec.getTypeNameSpec();
    if (name instanceof SqlUserDefinedTypeNameSpec) {
      String text = name.getTypeName().getSimple().toUpperCase(Locale.ROOT);
      return switch (text) {
        case "IMAGE", "VIDEO", "AUDIO", "DOCUMENT", "JSON" -> SheafType.parse(text);
        case "STRING", "TEXT" -> SheafType.of(TypeKind.VARCHAR);
        default -> SheafType.parse(text);
      };
    }
    if (name instanceof SqlBasicTypeNameSpec basic) {
      SqlTypeName typeName =
          SqlTypeName.get(basic.getTypeName().getSimple().toUpperCase(Locale.ROOT));
      if (typeName == null) {
        return SheafType.parse(basic.getTypeName().getSimple());
      }
      return switch (typeName) {
        case BOOLEAN -> SheafType.of(TypeKind.BOOLEAN);
        case TINYINT, SMALLINT, INTEGER -> SheafType.of(TypeKind.INTEGER);
        case BIGINT -> SheafType.of(TypeKind.BIGINT);
        case REAL -> SheafType.of(TypeKind.REAL);
        case FLOAT, DOUBLE -> SheafType.of(TypeKind.DOUBLE);
        case DECIMAL ->
            SheafType.decimal(
                basic.getPrecision() < 0 ? 18 : basic.getPrecision(),
                Math.max(0, basic.getScale()));
        case CHAR, VARCHAR -> SheafType.of(TypeKind.VARCHAR);
        case DATE -> SheafType.of(TypeKind.DATE);
        case TIMESTAMP -> SheafType.of(TypeKind.TIMESTAMP);
        case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_TZ -> SheafType.of(TypeKind.TIMESTAMP_TZ);
        case BINARY, VARBINARY -> SheafType.of(TypeKind.VARBINARY);
        default ->
            throw SheafException.of(
                ErrorCode.UNSUPPORTED_TYPE,
                "Cannot use type %s in a table: Sheaf does not store it (use one of %s)",
                typeName,
                java.util.Arrays.toString(TypeKind.values()));
      };
    }
    throw SheafException.of(
        ErrorCode.UNSUPPORTED_TYPE,
        "Cannot use type %s in a table: Sheaf stores no nested types yet",
        name.getTypeName());
  }
}
