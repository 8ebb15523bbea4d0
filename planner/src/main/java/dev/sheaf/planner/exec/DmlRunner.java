package dev.sheaf.planner.exec;

import static dev.sheaf.spi.error.ErrorCode.READ_ONLY_VERSION;

import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.WriteMode;
import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.planner.media.MediaBytesInput;
import dev.sheaf.planner.media.MediaPinning;
import dev.sheaf.planner.media.MediaValueBytes;
import dev.sheaf.planner.parser.SqlMergeClauses;
import dev.sheaf.planner.schema.CalciteValues;
import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.planner.vector.VectorOperators;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.sql.SqlNode;

/**
 * Runs INSERT, UPDATE, DELETE and MERGE: Calcite plans the rows to write (its TableModify input),
 * Sheaf runs that plan and commits the result as one new table version, or nothing.
 */
final class DmlRunner {
  private final TableWrites writes;
  private final MediaStores media;
  private final ComputedEvaluator.Scope scope;

  DmlRunner(TableWrites writes, MediaStores media, ComputedEvaluator.Scope scope) {
    this.writes = writes;
    this.media = media;
    this.scope = scope;
  }

  long run(
      StatementContext context,
      SqlNode validated,
      List<Object> parameters,
      List<Long> timestampMicros,
      AtomicBoolean cancel) {
    return runBatch(
        context,
        validated,
        List.of(parameters),
        timestampMicros == null ? null : List.of(timestampMicros),
        cancel);
  }

  /**
   * Runs the statement once per parameter row (a JDBC batch, an ADBC executemany) and commits all
   * of their rows as one version: one statement, one version. Every binding reads the table as it
   * was before the statement, so two bindings may not update the same row.
   */
  long runBatch(
      StatementContext context,
      SqlNode validated,
      List<List<Object>> parameterRows,
      List<List<Long>> timestampMicros,
      AtomicBoolean cancel) {
    return runBatch(context, validated, parameterRows, timestampMicros, null, cancel);
  }

  /**
   * {@code ALTER TABLE t RECOMPUTE c ...}: the UPDATE {@code SET c = c WHERE ...} the executor made
   * of it, with c computed again for its rows (and only c: its cells and error cells are the
   * columns written; every other stored value stays).
   */
  long recompute(
      StatementContext context, SqlNode validated, ComputedColumn column, AtomicBoolean cancel) {
    return runBatch(context, validated, List.of(List.of()), null, column, cancel);
  }

  private long runBatch(
      StatementContext context,
      SqlNode validated,
      List<List<Object>> parameterRows,
      List<List<Long>> timestampMicros,
      ComputedColumn recompute,
      AtomicBoolean cancel) {
    RelRoot root = context.rel(validated);
    if (!(root.rel instanceof TableModify modify)) {
      throw new IllegalStateException("not a table modification: " + root.rel);
    }
    SheafTable table = modify.getTable().unwrap(SheafTable.class);
    if (table == null) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED, "Cannot write to %s: it is a system table", modify.getTable());
    }
    if (recompute == null
        && dev.sheaf.planner.views.IteratorViewDefinition.of(table.iceberg()).isPresent()) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot write to %s: it is an iterator view, whose rows follow its base table (write"
              + " the base table; ALTER TABLE ... RECOMPUTE works on the view's computed columns)",
          modify.getTable().getQualifiedName());
    }
    if (!table.isWritable()) {
      throw SheafException.of(
          READ_ONLY_VERSION,
          "Cannot write to table %s at a past version: versions are read-only (write to the table"
              + " or to a branch)",
          table.name().table());
    }
    ComputedEvaluator computed =
        recompute == null
            ? scope.evaluator(table.iceberg())
            : scope.evaluator(table.iceberg(), recompute);
    Set<String> computedNames = ComputedWriteCheck.computedColumns(table.iceberg());
    if (!computedNames.isEmpty() && recompute == null) {
      ComputedWriteCheck.refuseExplicit(table, computedNames, validated, modify);
    }
    List<Object[]> rows = new ArrayList<>();
    // the index of each row among the rows of its binding: the row of a VALUES list
    List<Integer> sourceRows = new ArrayList<>();
    List<Integer> bindings = new ArrayList<>();
    RelNode input = MediaBytesInput.keepBytes(modify.getInput(), mediaFields(table, modify));
    var plan = context.optimize(input, null);
    // an INSERT ... SELECT that reads without Calcite's row engine: its Sheaf values, which keep
    // microseconds, are the exact timestamps of its rows
    List<Object[]> exactRows = null;
    if (modify.getOperation() == TableModify.Operation.INSERT
        && parameterRows.size() == 1
        && parameterRows.get(0).isEmpty()) {
      exactRows = exactRows(context, plan, rows, sourceRows, bindings, cancel);
    }
    for (int binding = 0; exactRows == null && binding < parameterRows.size(); binding++) {
      try (Enumerator<?> enumerator = context.run(plan, parameterRows.get(binding), cancel)) {
        for (int index = 0; enumerator.moveNext(); index++) {
          Object current = enumerator.current();
          rows.add(current instanceof Object[] array ? array : new Object[] {current});
          HeapGuard.check(rows.size(), "the rows the statement writes");
          sourceRows.add(index);
          bindings.add(binding);
        }
      }
    }
    // each row's exact timestamps come from the literals and the binding it was made of
    List<ExactTimestamps> perBinding = new ArrayList<>();
    for (int binding = 0; binding < parameterRows.size(); binding++) {
      perBinding.add(
          ExactTimestamps.of(
              modify.getInput(), timestampMicros == null ? null : timestampMicros.get(binding)));
    }
    List<Object[]> copied = exactRows;
    RowTimestamps exact =
        copied != null
            ? (row, column) -> copied.get(row)[column] instanceof Long micros ? micros : null
            : (row, column) ->
                perBinding.get(bindings.get(row)).micros(sourceRows.get(row), column);
    return switch (modify.getOperation()) {
      case INSERT ->
          insert(
              table,
              rows,
              sourceRows,
              exact,
              MediaValueBytes.of(validated, userColumns(table)),
              computed,
              cancel);
      case DELETE -> delete(table, rows);
      case UPDATE ->
          update(
              table,
              modify.getUpdateColumnList(),
              rows,
              exact,
              MediaValueBytes.of(validated, userColumns(table)),
              computed,
              recompute != null,
              cancel);
      case MERGE -> merge(table, modify.getUpdateColumnList(), rows, computed, cancel);
    };
  }

  private long insert(
      SheafTable table,
      List<Object[]> rows,
      List<Integer> sourceRows,
      RowTimestamps exact,
      MediaValueBytes valueBytes,
      ComputedEvaluator computed,
      AtomicBoolean cancel) {
    List<SheafColumn> columns = table.columns();
    MediaPinning pinning = new MediaPinning(media, table.iceberg());
    List<Object[]> visible = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      Object[] values = toSheaf(columns, rows.get(r), 0);
      for (int c = 0; c < values.length; c++) {
        values[c] = exactValue(columns.get(c), values[c], exact.micros(r, c));
      }
      valueBytes.restore(sourceRows.get(r), values);
      visible.add(values);
    }
    if (computed != null) {
      computed.fill(visible, cancel);
    }
    List<Object[]> converted = new ArrayList<>(rows.size());
    for (Object[] values : visible) {
      converted.add(pinning.storageRow(values, null));
    }
    writes.append(table.iceberg(), table.name().branch(), converted);
    return rows.size();
  }

  private long delete(SheafTable table, List<Object[]> rows) {
    int rowIdField = table.columns().size() - 1;
    Set<Long> deletes = new HashSet<>();
    for (Object[] row : rows) {
      deletes.add(((Number) row[rowIdField]).longValue());
    }
    writes.rewrite(
        table.iceberg(),
        table.name().branch(),
        table.snapshot(),
        WriteMode.Change.DELETE,
        Map.of(),
        Set.of(),
        deletes,
        List.of());
    return deletes.size();
  }

  private long update(
      SheafTable table,
      List<String> updateColumns,
      List<Object[]> rows,
      RowTimestamps exact,
      MediaValueBytes valueBytes,
      ComputedEvaluator computed,
      boolean recompute,
      AtomicBoolean cancel) {
    List<SheafColumn> userColumns = userColumns(table);
    int width = table.columns().size();
    int[] targets = targets(table, userColumns, updateColumns);
    MediaPinning pinning = new MediaPinning(media, table.iceberg());
    Set<Integer> repin = targetSet(targets);
    Map<Long, Object[]> visible = new java.util.LinkedHashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      long rowId = ((Number) row[width - 1]).longValue();
      Object[] updated = toSheaf(userColumns, row, 0);
      for (int i = 0; i < targets.length; i++) {
        SheafColumn column = userColumns.get(targets[i]);
        updated[targets[i]] =
            exactValue(
                column,
                CalciteValues.fromCalcite(column.type(), row[width + i]),
                exact.micros(r, width + i));
      }
      valueBytes.restore(-1, updated);
      if (visible.put(rowId, updated) != null) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot update table %s: two parameter rows of one batch update the same row (each"
                + " binding reads the table as it was before the statement; run them as separate"
                + " statements)",
            table.name().table());
      }
    }
    Set<String> updated = recompute ? new HashSet<>() : new HashSet<>(updateColumns);
    if (computed != null && (recompute || computed.reads(updateColumns))) {
      // the computed cells of an updated row follow its new inputs
      computed.fill(new ArrayList<>(visible.values()), cancel);
      updated.addAll(computed.columns());
    }
    Map<Long, Object[]> updates = new HashMap<>();
    visible.forEach((rowId, values) -> updates.put(rowId, pinning.storageRow(values, repin)));
    writes.rewrite(
        table.iceberg(),
        table.name().branch(),
        table.snapshot(),
        WriteMode.Change.UPDATE,
        updates,
        updated,
        Set.of(),
        List.of());
    return updates.size();
  }

  /**
   * MERGE rows from Calcite: [insert values (one per target column, {@code _rowid} last), when the
   * statement inserts] [the target row, {@code _rowid} last, null when no row matched] [update
   * values]. A MERGE with conditions or DELETE ({@link SqlMergeClauses}) updates {@code _rowid} to
   * mark what happens to a matched row, and inserts a non-null {@code _rowid} for a source row
   * whose WHEN NOT MATCHED condition does not hold.
   */
  private long merge(
      SheafTable table,
      List<String> updateColumns,
      List<Object[]> rows,
      ComputedEvaluator computed,
      AtomicBoolean cancel) {
    List<SheafColumn> userColumns = userColumns(table);
    int width = table.columns().size();
    int[] targets = targets(table, userColumns, updateColumns, true);
    int marker = updateColumns.indexOf(IcebergSchemas.ROWID);
    MediaPinning pinning = new MediaPinning(media, table.iceberg());
    Set<Integer> repin = targetSet(targets);
    Map<Long, Object[]> visibleUpdates = new java.util.LinkedHashMap<>();
    Set<Long> deletes = new HashSet<>();
    List<Object[]> visibleInserts = new ArrayList<>();
    for (Object[] row : rows) {
      int targetStart = row.length - targets.length - width;
      Object rowId = row[targetStart + width - 1];
      if (rowId == null) {
        if (targetStart == width && row[width - 1] != null) {
          continue; // its WHEN NOT MATCHED condition does not hold
        }
        visibleInserts.add(toSheaf(userColumns, row, 0));
        continue;
      }
      long id = ((Number) rowId).longValue();
      int action =
          marker < 0
              ? SqlMergeClauses.UPDATE
              : ((Number) row[targetStart + width + marker]).intValue();
      if (action == SqlMergeClauses.NOTHING) {
        continue;
      }
      if (visibleUpdates.containsKey(id) || deletes.contains(id)) {
        throw SheafException.of(
            ErrorCode.DUPLICATE_KEY,
            "Cannot merge into table %s: a target row matched more than one source row (make the"
                + " ON condition match at most one source row per target row)",
            table.name().table());
      }
      if (action == SqlMergeClauses.DELETE) {
        deletes.add(id);
        continue;
      }
      Object[] updated = toSheaf(userColumns, row, targetStart);
      for (int i = 0; i < targets.length; i++) {
        if (i != marker) {
          updated[targets[i]] =
              CalciteValues.fromCalcite(
                  userColumns.get(targets[i]).type(), row[targetStart + width + i]);
        }
      }
      visibleUpdates.put(id, updated);
    }
    Set<String> written = new HashSet<>(updateColumns);
    written.remove(IcebergSchemas.ROWID);
    if (computed != null) {
      computed.fill(visibleInserts, cancel);
      if (computed.reads(updateColumns)) {
        computed.fill(new ArrayList<>(visibleUpdates.values()), cancel);
        written.addAll(computed.columns());
      }
    }
    Map<Long, Object[]> updates = new HashMap<>();
    visibleUpdates.forEach((id, values) -> updates.put(id, pinning.storageRow(values, repin)));
    List<Object[]> inserts = new ArrayList<>();
    for (Object[] values : visibleInserts) {
      inserts.add(pinning.storageRow(values, null));
    }
    writes.rewrite(
        table.iceberg(),
        table.name().branch(),
        table.snapshot(),
        WriteMode.Change.MERGE,
        updates,
        Set.copyOf(written),
        deletes,
        inserts);
    return updates.size() + deletes.size() + inserts.size();
  }

  /**
   * Reads the rows of a plan that runs without Calcite's row engine into {@code rows} (Calcite's
   * forms, as the write expects) and returns them as Sheaf values; null, reading nothing, when
   * Calcite's code must run the plan.
   */
  private static List<Object[]> exactRows(
      StatementContext context,
      EnumerableRel plan,
      List<Object[]> rows,
      List<Integer> sourceRows,
      List<Integer> bindings,
      AtomicBoolean cancel) {
    List<ResultColumn> columns = VectorOperators.columnsOf(plan);
    Enumerator<Object[]> exact =
        columns == null ? null : VectorOperators.exactRows(plan, context.allocator(), cancel);
    if (exact == null) {
      return null;
    }
    List<Object[]> values = new ArrayList<>();
    try (exact) {
      for (int index = 0; exact.moveNext(); index++) {
        Object[] row = exact.current();
        Object[] calcite = new Object[row.length];
        for (int c = 0; c < row.length; c++) {
          calcite[c] = CalciteValues.toCalcite(columns.get(c).type(), row[c]);
        }
        values.add(row);
        rows.add(calcite);
        HeapGuard.check(rows.size(), "the rows the statement writes");
        sourceRows.add(index);
        bindings.add(0);
      }
    }
    return values;
  }

  /** A timestamp written from a literal keeps the literal's microseconds. */
  private static Object exactValue(SheafColumn column, Object value, Long micros) {
    boolean timestamp =
        column.type().kind() == TypeKind.TIMESTAMP || column.type().kind() == TypeKind.TIMESTAMP_TZ;
    return timestamp && value != null && micros != null ? micros : value;
  }

  /**
   * The input fields an INSERT, UPDATE or MERGE writes into media columns. A MERGE's input is
   * [insert values, when it inserts] [the target row] [update values] (see {@link #merge}).
   */
  private static Set<Integer> mediaFields(SheafTable table, TableModify modify) {
    List<SheafColumn> userColumns = userColumns(table);
    int width = table.columns().size();
    int inputWidth = modify.getInput().getRowType().getFieldCount();
    int[] targets =
        modify.getUpdateColumnList() == null
            ? new int[0]
            : targets(
                table,
                userColumns,
                modify.getUpdateColumnList(),
                modify.getOperation() == TableModify.Operation.MERGE);
    int insertWidth =
        switch (modify.getOperation()) {
          case INSERT -> userColumns.size();
          case MERGE -> inputWidth - width - targets.length;
          default -> 0;
        };
    int updateStart =
        switch (modify.getOperation()) {
          case UPDATE -> width;
          case MERGE -> insertWidth + width;
          default -> -1;
        };
    Set<Integer> fields = new HashSet<>();
    for (int i = 0; i < insertWidth && i < userColumns.size(); i++) {
      if (userColumns.get(i).type().isMedia()) {
        fields.add(i);
      }
    }
    for (int i = 0; updateStart >= 0 && i < targets.length; i++) {
      if (targets[i] >= 0 && userColumns.get(targets[i]).type().isMedia()) {
        fields.add(updateStart + i);
      }
    }
    return fields;
  }

  private static Set<Integer> targetSet(int[] targets) {
    Set<Integer> set = new HashSet<>();
    for (int target : targets) {
      set.add(target);
    }
    return set;
  }

  private static List<SheafColumn> userColumns(SheafTable table) {
    return table.columns().stream().filter(c -> !c.name().equals(IcebergSchemas.ROWID)).toList();
  }

  private static int[] targets(
      SheafTable table, List<SheafColumn> userColumns, List<String> updateColumns) {
    return targets(table, userColumns, updateColumns, false);
  }

  /**
   * The user column each updated column is, by position; -1 for {@code _rowid}, which only a
   * MERGE's action marker may set ({@code merge}).
   */
  private static int[] targets(
      SheafTable table,
      List<SheafColumn> userColumns,
      List<String> updateColumns,
      boolean mergeMarker) {
    int[] targets = new int[updateColumns.size()];
    for (int i = 0; i < targets.length; i++) {
      String name = updateColumns.get(i);
      if (name.equals(IcebergSchemas.ROWID) && !mergeMarker) {
        throw SheafException.of(
            ErrorCode.INVALID_QUERY,
            "Cannot update _rowid of table %s: row ids are assigned by Sheaf",
            table.name().table());
      }
      targets[i] = -1;
      for (int c = 0; c < userColumns.size(); c++) {
        if (userColumns.get(c).name().equals(name)) {
          targets[i] = c;
        }
      }
    }
    return targets;
  }

  private static Object[] toSheaf(List<SheafColumn> columns, Object[] row, int offset) {
    int count = (int) columns.stream().filter(c -> !c.name().equals(IcebergSchemas.ROWID)).count();
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      values[i] = CalciteValues.fromCalcite(columns.get(i).type(), row[offset + i]);
    }
    return values;
  }

  /** The exact epoch microseconds of a TIMESTAMP value of the statement's rows, or null. */
  @FunctionalInterface
  private interface RowTimestamps {
    Long micros(int row, int column);
  }
}
