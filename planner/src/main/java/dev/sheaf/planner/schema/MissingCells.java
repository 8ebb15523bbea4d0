package dev.sheaf.planner.schema;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.DataFile;

/**
 * Lazy fill: computes, while a scan reads them, the cells of STORED computed columns that a data
 * file does not hold yet because the column's backfill has not reached it. A scan asks which of the
 * columns it reads a file lacks ({@link #missing}), reads their inputs beside its own columns, and
 * has the cells of the rows it returns computed ({@link #compute}); the results equal those the
 * backfill stores, which it takes from here instead of computing them again.
 */
public interface MissingCells {
  /** Lazy fill off: every cell reads as stored. */
  MissingCells NONE =
      new MissingCells() {
        @Override
        public Set<String> missing(SheafTable table, DataFile file, Set<String> read) {
          return Set.of();
        }

        @Override
        public Set<String> inputs(SheafTable table, Set<String> computed) {
          return Set.of();
        }

        @Override
        public void compute(
            SheafTable table,
            Set<String> computed,
            List<Object[]> rows,
            long[] rowIds,
            AtomicBoolean cancel) {}
      };

  /**
   * The computed columns of the table that the file does not hold and that the scan reads (the
   * column or its error column is in {@code read}); empty when none, or when the scan reads a
   * version whose schema is not the table's current one.
   */
  Set<String> missing(SheafTable table, DataFile file, Set<String> read);

  /** The columns that the given computed columns read. */
  Set<String> inputs(SheafTable table, Set<String> computed);

  /**
   * Computes the given computed columns and their error columns for the rows, in place. A row holds
   * the values of the table's columns ({@link SheafTable#columns()} order, inputs filled); {@code
   * rowIds} names each row for the backfill.
   */
  void compute(
      SheafTable table,
      Set<String> computed,
      List<Object[]> rows,
      long[] rowIds,
      AtomicBoolean cancel);
}
