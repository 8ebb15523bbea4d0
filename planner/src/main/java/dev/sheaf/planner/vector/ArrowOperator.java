package dev.sheaf.planner.vector;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * A part of a query that runs on Arrow batches in place of Calcite's operators ({@link
 * VectorAggregation}, {@link VectorTopN}): its rows go either to Calcite's code above it, in
 * Calcite's value forms, or straight to the client as Sheaf values when it is the whole query.
 */
public interface ArrowOperator {
  /** The rows as Calcite's generated code reads them (called from that code). */
  Enumerable<Object[]> rows(DataContext context);

  /** The rows as Sheaf values (timestamps in microseconds), for an operator that is the query. */
  Enumerator<Object[]> sheafRows(AtomicBoolean cancel);
}
