package dev.sheaf.planner.vector;

import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.schema.CalciteValues;
import dev.sheaf.spi.types.SheafType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.RelFieldCollation;

/**
 * ORDER BY ... LIMIT n [OFFSET m] over a vectorized scan: the scan's batches stream through a heap
 * of the best {@code n + m} rows, and a row is read into Java values only when its sort keys beat
 * the heap's worst, so a top-10 of ten million rows keeps ten rows, not ten million. Rows compare
 * as Calcite's row engine compares them (strings in UTF-16 order, NaN above every number), NULLs
 * where the collation says (PostgreSQL's default: last ascending, first descending); equal keys
 * keep scan order. Values stay Sheaf values, so a top-N that is the whole query returns timestamps
 * with their microseconds.
 */
public final class VectorTopN implements ArrowOperator {
  private static final int BATCH_ROWS = 65_536;

  private final BufferAllocator allocator;
  private final VectorScanPlan plan;
  private final List<ResultColumn> columns;
  private final List<RelFieldCollation> order;
  private final long offset;
  private final long fetch;

  VectorTopN(
      BufferAllocator allocator,
      VectorScanPlan plan,
      List<ResultColumn> columns,
      List<RelFieldCollation> order,
      long offset,
      long fetch) {
    this.allocator = allocator;
    this.plan = plan;
    this.columns = List.copyOf(columns);
    this.order = List.copyOf(order);
    this.offset = offset;
    this.fetch = fetch;
  }

  /** The rows as Calcite's code reads them. */
  @Override
  public Enumerable<Object[]> rows(DataContext context) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        AtomicBoolean cancel = (AtomicBoolean) DataContext.Variable.CANCEL_FLAG.get(context);
        List<Object[]> rows = top(cancel);
        for (Object[] row : rows) {
          for (int i = 0; i < row.length; i++) {
            row[i] = CalciteValues.toCalcite(columns.get(i).type(), row[i]);
          }
        }
        return Linq4j.enumerator(rows);
      }
    };
  }

  /** The rows as Sheaf values, for a top-N that is the whole query. */
  @Override
  public Enumerator<Object[]> sheafRows(AtomicBoolean cancel) {
    return Linq4j.enumerator(top(cancel));
  }

  /** A kept row: its values and its position in scan order (ties keep that order). */
  private record Ranked(Object[] values, long position) {}

  private List<Object[]> top(AtomicBoolean cancel) {
    if (fetch < 0) {
      return sorted(cancel);
    }
    long wanted = offset + fetch;
    List<Object[]> result = new ArrayList<>();
    if (fetch == 0) {
      return result;
    }
    Comparator<Ranked> best = Comparator.comparing(Ranked::values, this::compare);
    best = best.thenComparingLong(Ranked::position);
    PriorityQueue<Ranked> heap = new PriorityQueue<>(best.reversed()); // worst kept on top
    int[] keyColumns = order.stream().mapToInt(RelFieldCollation::getFieldIndex).toArray();
    long position = 0;
    try (ArrowReader reader = plan.open(allocator, columns, cancel, BATCH_ROWS, RowWindow.ALL)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      Object[] keys = new Object[columns.size()];
      while (reader.loadNextBatch()) {
        List<FieldVector> vectors = root.getFieldVectors();
        for (int row = 0; row < root.getRowCount(); row++, position++) {
          for (int key : keyColumns) {
            keys[key] = read(vectors, key, row);
          }
          if (heap.size() >= wanted && compare(keys, heap.peek().values()) >= 0) {
            continue; // not better than the worst kept row (a tie loses to the earlier row)
          }
          Object[] values = new Object[columns.size()];
          for (int c = 0; c < values.length; c++) {
            values[c] = read(vectors, c, row);
          }
          heap.add(new Ranked(values, position));
          if (heap.size() > wanted) {
            heap.poll();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Ranked> sorted = new ArrayList<>(heap);
    sorted.sort(best);
    for (long i = offset; i < sorted.size(); i++) {
      result.add(sorted.get((int) i).values());
    }
    return result;
  }

  /**
   * A full sort: every row's values, held on the heap within the operators' budget ({@link
   * OperatorMemory}), then sorted stably, so equal keys keep scan order.
   */
  private List<Object[]> sorted(AtomicBoolean cancel) {
    List<Object[]> rows = new ArrayList<>();
    OperatorMemory memory =
        new OperatorMemory(
            "the rows of the sort",
            "add a LIMIT, filter the rows first, or give the server more heap with SHEAF_HEAP");
    try (ArrowReader reader = plan.open(allocator, columns, cancel, BATCH_ROWS, RowWindow.ALL)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        List<FieldVector> vectors = root.getFieldVectors();
        for (int row = 0; row < root.getRowCount(); row++) {
          Object[] values = new Object[columns.size()];
          for (int c = 0; c < values.length; c++) {
            values[c] = read(vectors, c, row);
          }
          rows.add(values);
          memory.addRow(values);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(this::compare);
    return offset == 0 ? rows : rows.subList((int) Math.min(offset, rows.size()), rows.size());
  }

  private Object read(List<FieldVector> vectors, int column, int row) {
    SheafType type = columns.get(column).type();
    return FileValues.read(vectors.get(column), row, type);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private int compare(Object[] a, Object[] b) {
    for (RelFieldCollation key : order) {
      Object x = a[key.getFieldIndex()];
      Object y = b[key.getFieldIndex()];
      boolean descending = key.getDirection().isDescending();
      int result;
      if (x == null || y == null) {
        if (x == y) {
          continue;
        }
        RelFieldCollation.NullDirection nulls = key.nullDirection;
        if (nulls == RelFieldCollation.NullDirection.UNSPECIFIED) {
          nulls = key.getDirection().defaultNullDirection();
        }
        boolean nullFirst = nulls == RelFieldCollation.NullDirection.FIRST;
        return (x == null) == nullFirst ? -1 : 1;
      }
      result = ((Comparable) x).compareTo(y);
      if (result != 0) {
        return descending ? -result : result;
      }
    }
    return 0;
  }
}
