package dev.sheaf.planner.vector;

import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.schema.CalciteValues;
import dev.sheaf.spi.types.SheafType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * A hash aggregate on Arrow batches: the rows of a vectorized scan ({@link VectorScanPlan}: the
 * table's files, the WHERE predicate, the projected columns) are folded batch by batch into groups
 * ({@link GroupTable}) and accumulators, with no Java object per input row. Its rows (one per
 * group, in the order groups first appear) go to whatever of Calcite's plan is above it. Generated
 * code calls {@link #rows} with the statement's data context, whose cancel flag stops the scan.
 * Statements with parameters stay on the row engine.
 */
public final class VectorAggregation implements ArrowOperator {
  private static final int BATCH_ROWS = 65_536;

  private final BufferAllocator allocator;
  private final VectorScanPlan plan;
  private final List<ResultColumn> inputColumns;
  private final int[] groupKeys;
  private final List<Supplier<Accumulator>> functions;

  /** The Sheaf type of each output column (group keys, then aggregate results). */
  private final List<SheafType> outputTypes;

  VectorAggregation(
      BufferAllocator allocator,
      VectorScanPlan plan,
      List<ResultColumn> inputColumns,
      int[] groupKeys,
      List<Supplier<Accumulator>> functions,
      List<SheafType> outputTypes) {
    this.allocator = allocator;
    this.plan = plan;
    this.inputColumns = List.copyOf(inputColumns);
    this.groupKeys = groupKeys.clone();
    this.functions = List.copyOf(functions);
    this.outputTypes = List.copyOf(outputTypes);
  }

  /** The groups' rows as Calcite's code reads them: one Object[] per group. */
  @Override
  public Enumerable<Object[]> rows(DataContext context) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        AtomicBoolean cancel = (AtomicBoolean) DataContext.Variable.CANCEL_FLAG.get(context);
        List<Object[]> rows = VectorAggregation.this.aggregate(cancel, true);
        for (Object[] row : rows) {
          for (int i = 0; i < row.length; i++) {
            row[i] = CalciteValues.toCalcite(outputTypes.get(i), row[i]);
          }
        }
        return Linq4j.enumerator(rows);
      }
    };
  }

  /**
   * The groups' rows as Sheaf values, for an aggregate that is the whole query: nothing of
   * Calcite's reads them, so timestamps keep their microseconds, as keys and as MIN/MAX results.
   */
  @Override
  public Enumerator<Object[]> sheafRows(AtomicBoolean cancel) {
    return Linq4j.enumerator(aggregate(cancel, false));
  }

  private List<Object[]> aggregate(AtomicBoolean cancel, boolean millisecondTimestamps) {
    GroupTable groups = new GroupTable(millisecondTimestamps);
    List<Accumulator> accumulators = new ArrayList<>();
    for (Supplier<Accumulator> function : functions) {
      accumulators.add(function.get());
    }
    List<Object[]> keys = new ArrayList<>();
    OperatorMemory memory =
        new OperatorMemory(
            "the groups of the aggregate",
            "group by fewer distinct values, filter the rows first, or give the server more heap"
                + " with SHEAF_HEAP");
    FieldVector[] keyVectors = new FieldVector[groupKeys.length];
    FieldVector[] columns = new FieldVector[inputColumns.size()];
    try (ArrowReader reader =
        plan.open(allocator, inputColumns, cancel, BATCH_ROWS, RowWindow.ALL)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        for (int i = 0; i < columns.length; i++) {
          columns[i] = root.getVector(i);
        }
        for (int k = 0; k < groupKeys.length; k++) {
          keyVectors[k] = columns[groupKeys[k]];
        }
        for (Accumulator accumulator : accumulators) {
          accumulator.bind(columns);
        }
        int rows = root.getRowCount();
        for (int row = 0; row < rows; row++) {
          int group = groups.groupOf(keyVectors, row);
          if (group < 0) {
            group = -group - 1;
            Object[] key = keyValues(keyVectors, row);
            keys.add(key);
            for (Accumulator accumulator : accumulators) {
              accumulator.grow(group + 1);
            }
            // the key's values, its bytes in the group table, 16 bytes per accumulator
            memory.add(2 * OperatorMemory.rowBytes(key) + 16L * accumulators.size());
          }
          for (Accumulator accumulator : accumulators) {
            accumulator.add(group, row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (groupKeys.length == 0 && groups.size() == 0) {
      // an aggregate without GROUP BY has one row even over no rows
      keys.add(new Object[0]);
      for (Accumulator accumulator : accumulators) {
        accumulator.grow(1);
      }
    }
    List<Object[]> result = new ArrayList<>(keys.size());
    for (int group = 0; group < keys.size(); group++) {
      Object[] row = new Object[groupKeys.length + accumulators.size()];
      System.arraycopy(keys.get(group), 0, row, 0, groupKeys.length);
      for (int a = 0; a < accumulators.size(); a++) {
        row[groupKeys.length + a] = accumulators.get(a).result(group);
      }
      result.add(row);
    }
    return result;
  }

  private Object[] keyValues(FieldVector[] keyVectors, int row) {
    Object[] values = new Object[groupKeys.length];
    for (int k = 0; k < groupKeys.length; k++) {
      var type = inputColumns.get(groupKeys[k]).type();
      values[k] = FileValues.read(keyVectors[k], row, type);
    }
    return values;
  }
}
