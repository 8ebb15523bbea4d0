package dev.sheaf.planner.vector;

import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.schema.CalciteValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * An equi-join of two vectorized scans as a hash join on Arrow batches. The build side's rows are
 * read once: their keys go into a {@link GroupTable} (one entry per distinct key, the rows of a key
 * chained in an int array) and their values into one array per row. The probe side then streams
 * batch by batch: each row's key bytes are looked up without making a Java object, and a row is
 * read into values only when it has a match (or, for an outer join, when it has none). Rows come
 * out in probe order, lazily, so a LIMIT above the join stops the probe scan.
 */
final class VectorHashJoin implements ArrowOperator {
  private static final int BATCH_ROWS = 65_536;
  private static final int NONE = -1;

  /** One side of the join: its scan, its columns and the positions of its key columns. */
  record Side(VectorScanPlan plan, List<ResultColumn> columns, int[] keys) {}

  private final BufferAllocator allocator;
  private final Side build;
  private final Side probe;
  private final boolean buildIsLeft;
  private final boolean keepUnmatchedProbeRows;

  /**
   * @param buildIsLeft whether the build side's columns come first in the join's rows
   * @param keepUnmatchedProbeRows an outer join preserving the probe side: a probe row without a
   *     match comes out once with NULLs for the build side's columns
   */
  VectorHashJoin(
      BufferAllocator allocator,
      Side build,
      Side probe,
      boolean buildIsLeft,
      boolean keepUnmatchedProbeRows) {
    this.allocator = allocator;
    this.build = build;
    this.probe = probe;
    this.buildIsLeft = buildIsLeft;
    this.keepUnmatchedProbeRows = keepUnmatchedProbeRows;
  }

  @Override
  public Enumerable<Object[]> rows(DataContext context) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new Joined((AtomicBoolean) DataContext.Variable.CANCEL_FLAG.get(context), true);
      }
    };
  }

  @Override
  public Enumerator<Object[]> sheafRows(AtomicBoolean cancel) {
    return new Joined(cancel, false);
  }

  /** The build side as a hash table: key to a chain of rows, each row's values. */
  private static final class BuildTable {
    KeyIndex keys;
    int[] firstRow = new int[1024];
    int[] nextRow = new int[1024];
    final List<Object[]> rows = new ArrayList<>();

    void add(int key, Object[] values) {
      int row = rows.size();
      if (key >= firstRow.length) {
        int old = firstRow.length;
        firstRow = Arrays.copyOf(firstRow, Math.max(old * 2, key + 1));
        Arrays.fill(firstRow, old, firstRow.length, NONE);
      }
      if (row >= nextRow.length) {
        nextRow = Arrays.copyOf(nextRow, row * 2);
      }
      nextRow[row] = firstRow[key];
      firstRow[key] = row;
      rows.add(values);
    }

    BuildTable() {
      Arrays.fill(firstRow, NONE);
    }
  }

  /** The joined rows, in Calcite's value forms or as Sheaf values. */
  private final class Joined implements Enumerator<Object[]> {
    private final AtomicBoolean cancel;
    private final boolean calcite;
    private BuildTable table;
    private ArrowReader reader;
    private VectorSchemaRoot root;
    private final FieldVector[] probeKeys = new FieldVector[probe.keys().length];
    private int batchRows;
    private int row = -1;
    private int match = NONE;
    private Object[] probeValues;
    private Object[] current;
    private boolean done;

    Joined(AtomicBoolean cancel, boolean calcite) {
      this.cancel = cancel;
      this.calcite = calcite;
    }

    @Override
    public Object[] current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      if (done) {
        return false;
      }
      try {
        if (table == null) {
          table = buildTable();
          reader = probe.plan().open(allocator, probe.columns(), cancel, BATCH_ROWS, RowWindow.ALL);
          root = reader.getVectorSchemaRoot();
        }
        while (true) {
          if (match != NONE) {
            current = joined(probeValues, table.rows.get(match));
            match = table.nextRow[match];
            return true;
          }
          if (++row >= batchRows) {
            if (!reader.loadNextBatch()) {
              close();
              return false;
            }
            batchRows = root.getRowCount();
            row = -1;
            for (int k = 0; k < probeKeys.length; k++) {
              probeKeys[k] = root.getVector(probe.keys()[k]);
            }
            continue;
          }
          int key =
              table.keys == null || hasNullKey(probeKeys, row)
                  ? NONE
                  : table.keys.find(probeKeys, row);
          if (key != NONE) {
            probeValues = values(root, probe.columns(), row, calcite);
            match = table.firstRow[key];
          } else if (keepUnmatchedProbeRows) {
            current = joined(values(root, probe.columns(), row, calcite), null);
            return true;
          }
        }
      } catch (IOException e) {
        close();
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    private BuildTable buildTable() throws IOException {
      BuildTable built = new BuildTable();
      OperatorMemory memory =
          new OperatorMemory(
              "the build side of the hash join",
              "filter the smaller table of the join first, or give the server more heap with"
                  + " SHEAF_HEAP");
      FieldVector[] keys = new FieldVector[build.keys().length];
      try (ArrowReader buildReader =
          build.plan().open(allocator, build.columns(), cancel, BATCH_ROWS, RowWindow.ALL)) {
        VectorSchemaRoot buildRoot = buildReader.getVectorSchemaRoot();
        while (buildReader.loadNextBatch()) {
          for (int k = 0; k < keys.length; k++) {
            keys[k] = buildRoot.getVector(build.keys()[k]);
          }
          if (built.keys == null) {
            built.keys = KeyIndex.of(keys);
          }
          int rows = buildRoot.getRowCount();
          for (int r = 0; r < rows; r++) {
            if (hasNullKey(keys, r)) {
              continue; // NULL equals nothing: the row can never match
            }
            int key = built.keys.groupOf(keys, r);
            Object[] values = values(buildRoot, build.columns(), r, calcite);
            built.add(key < 0 ? -key - 1 : key, values);
            memory.add(OperatorMemory.rowBytes(values) + 8); // the row's link in its key's chain
          }
        }
      }
      return built;
    }

    private Object[] joined(Object[] probeRow, Object[] buildRow) {
      int probeWidth = probe.columns().size();
      int buildWidth = build.columns().size();
      Object[] result = new Object[probeWidth + buildWidth];
      int probeAt = buildIsLeft ? buildWidth : 0;
      int buildAt = buildIsLeft ? 0 : probeWidth;
      System.arraycopy(probeRow, 0, result, probeAt, probeWidth);
      if (buildRow != null) {
        System.arraycopy(buildRow, 0, result, buildAt, buildWidth);
      }
      return result;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("a hash join's rows are read once");
    }

    @Override
    public void close() {
      done = true;
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          reader = null;
        }
      }
    }
  }

  private static boolean hasNullKey(FieldVector[] keys, int row) {
    for (FieldVector key : keys) {
      if (key.isNull(row)) {
        return true;
      }
    }
    return false;
  }

  private static Object[] values(
      VectorSchemaRoot root, List<ResultColumn> columns, int row, boolean calcite) {
    Object[] values = new Object[columns.size()];
    for (int c = 0; c < values.length; c++) {
      Object value = FileValues.read(root.getVector(c), row, columns.get(c).type());
      values[c] = calcite ? CalciteValues.toCalcite(columns.get(c).type(), value) : value;
    }
    return values;
  }
}
