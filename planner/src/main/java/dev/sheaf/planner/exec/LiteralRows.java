package dev.sheaf.planner.exec;

import dev.sheaf.planner.schema.TimestampLiteralMicros;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexLiteral;

/**
 * A query of literals with a TIMESTAMP among them ({@code SELECT TIMESTAMP '2024-02-29
 * 13:14:15.123456'}), which Calcite plans as VALUES: its rows as Sheaf values read from the
 * literals, so the timestamp keeps the microseconds Calcite's code would drop.
 */
final class LiteralRows {
  private LiteralRows() {}

  /**
   * The rows in the plan's field order ({@code fields[k]} is the field of result column k), or null
   * when the plan is not such a VALUES or a literal has no Sheaf form here.
   */
  static Enumerator<Object[]> of(RelNode plan, List<ResultColumn> columns, int[] fields) {
    if (!(plan instanceof Values values)
        || columns.stream().noneMatch(c -> c.type().kind() == TypeKind.TIMESTAMP)) {
      return null;
    }
    List<Object[]> rows = new ArrayList<>();
    for (List<RexLiteral> tuple : values.getTuples()) {
      Object[] row = new Object[tuple.size()];
      for (int k = 0; k < fields.length; k++) {
        RexLiteral literal = tuple.get(fields[k]);
        if (!literal.isNull()) {
          Object value = value(literal, columns.get(k).type());
          if (value == null) {
            return null;
          }
          row[fields[k]] = value;
        }
      }
      rows.add(row);
    }
    return Linq4j.enumerator(rows);
  }

  private static Object value(RexLiteral literal, SheafType type) {
    try {
      return switch (type.kind()) {
        case BOOLEAN -> literal.getValueAs(Boolean.class);
        case INTEGER -> literal.getValueAs(BigDecimal.class).intValueExact();
        case BIGINT -> literal.getValueAs(BigDecimal.class).longValueExact();
        case REAL -> literal.getValueAs(BigDecimal.class).floatValue();
        case DOUBLE -> literal.getValueAs(Double.class);
        case DECIMAL -> literal.getValueAs(BigDecimal.class).setScale(type.scale());
        case VARCHAR -> literal.getValueAs(String.class);
        case DATE -> literal.getValueAs(Integer.class);
        case TIMESTAMP -> TimestampLiteralMicros.of(literal);
        default -> null;
      };
    } catch (RuntimeException | AssertionError e) {
      return null;
    }
  }
}
