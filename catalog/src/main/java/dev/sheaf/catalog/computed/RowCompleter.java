package dev.sheaf.catalog.computed;

import java.util.List;
import org.apache.iceberg.Table;

/**
 * Fills the computed cells a rewritten data file may lack: a file written before a computed column
 * was added holds NULL there, and once a rewrite (an UPDATE of other rows of the file, a backfill
 * chunk of another column) writes it again, nothing else would tell its cells apart from computed
 * ones. Every cell that is NULL with no error is computed again before the file is written.
 */
public interface RowCompleter {
  /** Does nothing: for tables written without the planner. */
  RowCompleter NONE = (table, rows) -> 0;

  /**
   * Computes, in place, the NULL-without-error computed cells of rows read from a data file ({@code
   * _rowid} first, then every column of the table's current schema); returns how many cells failed.
   */
  long complete(Table table, List<Object[]> rows);
}
