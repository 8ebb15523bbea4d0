package dev.sheaf.planner.exec;

import dev.sheaf.planner.parser.SqlSyncTable;
import dev.sheaf.planner.sync.SyncRequest;
import dev.sheaf.planner.sync.SyncResult;
import dev.sheaf.planner.sync.TableSync;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * SYNC TABLE as a statement: runs the sync synchronously and returns one row of what it did
 * (inserted, updated, deleted, errors, version, run_id).
 */
final class SyncStatement {
  private static final SheafType COUNT = SheafType.of(TypeKind.BIGINT);

  static final List<ResultColumn> COLUMNS =
      List.of(
          new ResultColumn("inserted", COUNT, false),
          new ResultColumn("updated", COUNT, false),
          new ResultColumn("deleted", COUNT, false),
          new ResultColumn("errors", COUNT, false),
          new ResultColumn("version", COUNT, true),
          new ResultColumn("run_id", SheafType.of(TypeKind.VARCHAR), false));

  private final TableSync sync;
  private final BufferAllocator allocator;

  SyncStatement(TableSync sync, BufferAllocator allocator) {
    this.sync = sync;
    this.allocator = allocator;
  }

  void sourceProfiles(dev.sheaf.catalog.sources.SourceProfiles profiles) {
    sync.profiles(profiles);
  }

  StatementResult run(SqlSyncTable statement, AtomicBoolean cancel) {
    TableResolver name = TableResolver.of(statement.table);
    SyncResult result =
        sync.run(
            new SyncRequest(
                name.schema(),
                name.table(),
                statement.source.getSimple(),
                statement.keyNames(),
                statement.cursor == null ? null : statement.cursor.getSimple(),
                statement.deleteMissing),
            cancel);
    Object[] row = {
      result.inserted(),
      result.updated(),
      result.deleted(),
      result.errors(),
      result.version(),
      result.runId()
    };
    int[] fields = {0, 1, 2, 3, 4, 5};
    return new StatementResult(
        new RowBatchReader(
            allocator,
            Linq4j.enumerator(List.<Object[]>of(row)),
            COLUMNS,
            fields,
            RowBatchReader.MAX_ROWS),
        -1);
  }
}
