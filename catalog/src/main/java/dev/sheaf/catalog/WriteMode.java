package dev.sheaf.catalog;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import org.apache.iceberg.Table;

/**
 * How a statement that changes rows is written. Iceberg's table properties {@code
 * write.delete.mode}, {@code write.update.mode} and {@code write.merge.mode} choose {@code
 * copy-on-write} (rewrite the data files holding the touched rows) or {@code merge-on-read} (a
 * delete file naming the touched rows, plus new files for their new versions). Without the property
 * Sheaf picks per statement: merge-on-read when the touched rows are at most a tenth of the rows of
 * the files holding them, so a one-row change costs two small files, and a change to most of a file
 * rewrites it once instead of leaving deletes for every reader to apply.
 */
public enum WriteMode {
  COPY_ON_WRITE,
  MERGE_ON_READ,
  AUTO;

  /** Touched rows per rows held, at most, for AUTO to merge on read. */
  static final int AUTO_MAX_FRACTION_DENOMINATOR = 10;

  /** The statements that change rows, with the table property that sets their mode. */
  public enum Change {
    DELETE("write.delete.mode"),
    UPDATE("write.update.mode"),
    MERGE("write.merge.mode");

    private final String property;

    Change(String property) {
      this.property = property;
    }

    public String property() {
      return property;
    }
  }

  /** The mode a table's properties give a change. */
  public static WriteMode of(Table table, Change change) {
    String value = table.properties().get(change.property());
    if (value == null) {
      return AUTO;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "copy-on-write" -> COPY_ON_WRITE;
      case "merge-on-read" -> MERGE_ON_READ;
      default ->
          throw SheafException.of(
              ErrorCode.INVALID_ARGUMENT,
              "Cannot change rows of table %s: its property %s is '%s' (use copy-on-write or"
                  + " merge-on-read)",
              table.name(),
              change.property(),
              value);
    };
  }

  /**
   * Whether a change touching {@code touchedRows} of files holding {@code heldRows} rows merges.
   */
  boolean mergesOnRead(long touchedRows, long heldRows) {
    return switch (this) {
      case COPY_ON_WRITE -> false;
      case MERGE_ON_READ -> true;
      case AUTO -> touchedRows * AUTO_MAX_FRACTION_DENOMINATOR <= heldRows;
    };
  }
}
