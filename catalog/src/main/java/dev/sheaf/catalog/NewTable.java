package dev.sheaf.catalog;

import static dev.sheaf.spi.error.ErrorCode.TABLE_ALREADY_EXISTS;

import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.AlreadyExistsException;

/**
 * A table being created together with its first rows (CREATE TABLE AS, a bulk ingest that creates
 * its table): writes to {@link #table()} are staged in an Iceberg create transaction, and the table
 * appears in the catalog with them in one commit ({@link #commit}), or not at all. Nobody sees it
 * empty in between, and a crash before the commit leaves no table behind.
 */
public final class NewTable {
  private final Transaction transaction;
  private final String schema;
  private final String name;

  NewTable(Transaction transaction, String schema, String name) {
    this.transaction = transaction;
    this.schema = schema;
    this.name = name;
  }

  /** The table as the transaction has it: its writes commit into the transaction. */
  public Table table() {
    return transaction.table();
  }

  /**
   * Creates the table with what was written to it. When the commit fails for sure (another
   * statement created the table meanwhile: TABLE_ALREADY_EXISTS), the data files it would have
   * added are deleted.
   */
  public void commit() {
    // read before the commit: a failed create transaction deletes the manifests that list them
    List<DataFile> added = added();
    try {
      transaction.commitTransaction();
    } catch (AlreadyExistsException e) {
      delete(added);
      throw new SheafException(
          TABLE_ALREADY_EXISTS,
          "Cannot create table '"
              + schema
              + "."
              + name
              + "': another statement created it first (its rows were not written)",
          e);
    } catch (RuntimeException e) {
      if (TableWrites.outcomeKnown(e)) {
        delete(added);
      }
      throw TableWrites.commitFailure(table(), e);
    }
  }

  private List<DataFile> added() {
    Table table = table();
    List<DataFile> added = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      SnapshotChanges.builderFor(table)
          .snapshot(snapshot)
          .build()
          .addedDataFiles()
          .forEach(added::add);
    }
    return added;
  }

  private void delete(List<DataFile> added) {
    Table table = table();
    for (DataFile file : added) {
      try {
        table.io().deleteFile(file.location());
      } catch (RuntimeException ignored) {
        // an unreferenced file is harmless: no version names it
      }
    }
  }
}
