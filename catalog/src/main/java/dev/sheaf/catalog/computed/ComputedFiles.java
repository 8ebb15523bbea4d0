package dev.sheaf.catalog.computed;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Whether a data file holds a computed column: its Iceberg metrics count the column's field. Files
 * written after the column was added hold it (writes compute it), and so do files a backfill chunk
 * wrote; files from before that no chunk reached yet do not, and read the column as NULL unless a
 * query computes their cells (lazy fill).
 */
public final class ComputedFiles {
  private ComputedFiles() {}

  /** Whether the file holds the column. */
  public static boolean holds(DataFile file, NestedField column) {
    int fieldId = leafId(column);
    return (file.valueCounts() != null && file.valueCounts().containsKey(fieldId))
        || (file.nullValueCounts() != null && file.nullValueCounts().containsKey(fieldId))
        || (file.columnSizes() != null && file.columnSizes().containsKey(fieldId));
  }

  /**
   * The field whose metrics say a file holds the column: the column itself, or for a VECTOR (an
   * Iceberg list) its element, since Parquet metrics are kept for leaf columns only.
   */
  public static int leafId(NestedField column) {
    return column.type().isListType() ? column.type().asListType().elementId() : column.fieldId();
  }
}
