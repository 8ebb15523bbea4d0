package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.error.SheafException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Turns character literals headed for a DATE, TIMESTAMP or TIMESTAMP WITH TIME ZONE column in
 * {@code INSERT ... VALUES} and {@code UPDATE ... SET} into literals of the column's type, read by
 * {@link TemporalText} as PostgreSQL reads them. Calcite's validator would instead coerce the text
 * at run time, through its millisecond runtime (rounding {@code '... 02:17:26.999999'} to 02:17:27)
 * and with its own narrower formats (no {@code T}, no zone offsets: an internal error); text that
 * is not a date or timestamp fails here with TYPE_MISMATCH. {@link ExactTimestamps} then writes the
 * literal's exact value.
 */
final class TemporalTextLiterals {
  private TemporalTextLiterals() {}

  /** The kinds of column a character literal is rewritten for. */
  private enum Temporal {
    DATE,
    TIMESTAMP,
    TIMESTAMP_TZ
  }

  static void rewrite(SqlInsert insert, SheafCatalog catalog) {
    if (!(insert.getTargetTable() instanceof SqlIdentifier target)
        || insert.getSource().getKind() != SqlKind.VALUES) {
      return;
    }
    Table table = table(target, catalog);
    if (table == null) {
      return;
    }
    List<NestedField> columns = new ArrayList<>();
    if (insert.getTargetColumnList() != null) {
      for (SqlNode column : insert.getTargetColumnList()) {
        columns.add(table.schema().findField(column.toString()));
      }
    } else {
      for (NestedField field : table.schema().columns()) {
        if (!IcebergSchemas.isHidden(field.name())) {
          columns.add(field);
        }
      }
    }
    for (SqlNode row : ((SqlCall) insert.getSource()).getOperandList()) {
      if (row instanceof SqlCall values && values.getKind() == SqlKind.ROW) {
        List<SqlNode> operands = values.getOperandList();
        for (int i = 0; i < operands.size() && i < columns.size(); i++) {
          SqlNode literal = literal(operands.get(i), columns.get(i));
          if (literal != null) {
            values.setOperand(i, literal);
          }
        }
      }
    }
  }

  static void rewrite(SqlUpdate update, SqlIdentifier target, SheafCatalog catalog) {
    Table table = table(target, catalog);
    if (table == null) {
      return;
    }
    SqlNodeList columns = update.getTargetColumnList();
    SqlNodeList values = update.getSourceExpressionList();
    for (int i = 0; i < columns.size() && i < values.size(); i++) {
      SqlNode literal = literal(values.get(i), table.schema().findField(columns.get(i).toString()));
      if (literal != null) {
        values.set(i, literal);
      }
    }
  }

  private static Table table(SqlIdentifier target, SheafCatalog catalog) {
    try {
      return TableResolver.of(target).load(catalog);
    } catch (SheafException e) {
      return null; // the validator reports the missing table
    }
  }

  /** The typed literal for text written into {@code column}, or null to leave the node as is. */
  private static SqlNode literal(SqlNode node, NestedField column) {
    if (!(node instanceof SqlCharStringLiteral text) || column == null) {
      return null;
    }
    Temporal kind = kind(column.type());
    if (kind == null) {
      return null;
    }
    String value = text.getValueAs(String.class);
    SqlParserPos position = text.getParserPosition();
    return switch (kind) {
      case DATE -> {
        LocalDate date = TemporalText.date(value, column.name());
        yield SqlLiteral.createDate(
            new DateString(date.getYear(), date.getMonthValue(), date.getDayOfMonth()), position);
      }
      case TIMESTAMP, TIMESTAMP_TZ -> {
        boolean zoned = kind == Temporal.TIMESTAMP_TZ;
        LocalDateTime time = TemporalText.timestamp(value, column.name(), zoned);
        TimestampString timestamp =
            new TimestampString(
                    time.getYear(),
                    time.getMonthValue(),
                    time.getDayOfMonth(),
                    time.getHour(),
                    time.getMinute(),
                    time.getSecond())
                .withNanos(time.getNano());
        yield SqlLiteral.createTimestamp(
            zoned ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE : SqlTypeName.TIMESTAMP,
            timestamp,
            time.getNano() == 0 ? 0 : 6,
            position);
      }
    };
  }

  private static Temporal kind(Type type) {
    if (type instanceof Types.DateType) {
      return Temporal.DATE;
    }
    if (type instanceof Types.TimestampType timestamp) {
      return timestamp.shouldAdjustToUTC() ? Temporal.TIMESTAMP_TZ : Temporal.TIMESTAMP;
    }
    return null;
  }
}
