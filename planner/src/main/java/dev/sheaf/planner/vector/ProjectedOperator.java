package dev.sheaf.planner.vector;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Some of an Arrow operator's columns, in a given order: the query {@code SELECT a, b} over a join
 * or an aggregate, whose rows then still go to the client as Sheaf values.
 */
final class ProjectedOperator implements ArrowOperator {
  private final ArrowOperator operator;
  private final int[] fields;

  ProjectedOperator(ArrowOperator operator, int[] fields) {
    this.operator = operator;
    this.fields = fields.clone();
  }

  @Override
  public Enumerable<Object[]> rows(DataContext context) {
    return operator.rows(context).select(this::project);
  }

  @Override
  public Enumerator<Object[]> sheafRows(AtomicBoolean cancel) {
    return Linq4j.transform(operator.sheafRows(cancel), this::project);
  }

  private Object[] project(Object[] row) {
    Object[] projected = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      projected[i] = row[fields[i]];
    }
    return projected;
  }
}
