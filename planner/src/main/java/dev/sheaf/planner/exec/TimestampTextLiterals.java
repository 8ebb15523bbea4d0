package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.TimestampString;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Turns character literals headed for a TIMESTAMP column in {@code INSERT ... VALUES} into
 * TIMESTAMP literals. Calcite's validator would coerce {@code '2023-07-07 02:17:26.999999'} through
 * its millisecond runtime and round it (to 02:17:27); a TIMESTAMP literal keeps every digit, and
 * {@link ExactTimestamps} writes it exactly. Text that is not a plain {@code yyyy-MM-dd
 * HH:mm:ss[.ffffff]} timestamp is left for the validator to judge.
 */
final class TimestampTextLiterals {
  private TimestampTextLiterals() {}

  static void rewrite(SqlInsert insert, SheafCatalog catalog) {
    if (!(insert.getTargetTable() instanceof SqlIdentifier target)
        || insert.getSource().getKind() != SqlKind.VALUES) {
      return;
    }
    List<Boolean> timestamps = timestampColumns(target, insert, catalog);
    if (timestamps == null) {
      return;
    }
    for (SqlNode row : ((SqlCall) insert.getSource()).getOperandList()) {
      if (!(row instanceof SqlCall values) || values.getKind() != SqlKind.ROW) {
        continue;
      }
      List<SqlNode> operands = values.getOperandList();
      for (int i = 0; i < operands.size() && i < timestamps.size(); i++) {
        if (timestamps.get(i) && operands.get(i) instanceof SqlCharStringLiteral text) {
          SqlLiteral literal = timestampLiteral(text);
          if (literal != null) {
            values.setOperand(i, literal);
          }
        }
      }
    }
  }

  /** Per inserted field, whether its column is a TIMESTAMP; null when the table is not known. */
  private static List<Boolean> timestampColumns(
      SqlIdentifier target, SqlInsert insert, SheafCatalog catalog) {
    Table table;
    try {
      table = TableResolver.of(target).load(catalog);
    } catch (SheafException e) {
      return null; // the validator reports the missing table
    }
    List<Boolean> timestamps = new ArrayList<>();
    if (insert.getTargetColumnList() != null) {
      for (SqlNode column : insert.getTargetColumnList()) {
        NestedField field = table.schema().findField(column.toString());
        timestamps.add(field != null && isTimestamp(field.type()));
      }
    } else {
      for (NestedField field : table.schema().columns()) {
        if (!IcebergSchemas.isHidden(field.name())) {
          timestamps.add(isTimestamp(field.type()));
        }
      }
    }
    return timestamps;
  }

  private static boolean isTimestamp(Type type) {
    return type instanceof Types.TimestampType timestamp && !timestamp.shouldAdjustToUTC();
  }

  private static SqlLiteral timestampLiteral(SqlCharStringLiteral text) {
    String value = text.getValueAs(String.class).trim();
    if (!value.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?")) {
      return null;
    }
    try {
      TimestampString timestamp = new TimestampString(value);
      int dot = value.indexOf('.');
      int precision = dot < 0 ? 0 : value.length() - dot - 1;
      return SqlLiteral.createTimestamp(
          SqlTypeName.TIMESTAMP, timestamp, precision, text.getParserPosition());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
