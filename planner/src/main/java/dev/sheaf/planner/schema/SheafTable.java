package dev.sheaf.planner.schema;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.planner.media.CellPinning;
import dev.sheaf.planner.media.MediaAccess;
import dev.sheaf.planner.media.MediaRead;
import dev.sheaf.planner.vector.RowWindow;
import dev.sheaf.planner.vector.VectorPredicate;
import dev.sheaf.planner.vector.VectorRowEnumerator;
import dev.sheaf.planner.vector.VectorScanPlan;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterator;

/**
 * One Sheaf table at one snapshot, as Calcite scans it. Scans read only the projected columns and
 * hand the filters to Iceberg for file and row-group pruning; Calcite applies the filters again.
 * Rows come from Arrow vectors, filtered on the vectors first ({@link VectorRowEnumerator}), on
 * every warehouse Sheaf opens (local disk, S3/B2); a FileIO without local data files (none today)
 * would be read through Iceberg's row reader. With {@code withRowId} the row type ends with {@code
 * _rowid} (DML reads it; users never see it). The hidden media pin columns are read only when the
 * statement calls a media function ({@link CellPinning}).
 */
public final class SheafTable extends AbstractTable implements ProjectableFilterableTable {
  private final Table table;
  private final TableName name;
  private final Snapshot snapshot;
  private final Schema schema;
  private final List<SheafColumn> columns;
  private final List<SheafColumn> readColumns;
  private final int[] pinColumns;
  private final BufferAllocator allocator;
  private final MissingCells missingCells;

  public SheafTable(
      Table table,
      TableName name,
      Snapshot snapshot,
      Schema schema,
      BufferAllocator allocator,
      MissingCells missingCells) {
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.missingCells = requireNonNull(missingCells, "missingCells is null");
    this.table = requireNonNull(table, "table is null");
    this.name = requireNonNull(name, "name is null");
    this.snapshot = snapshot;
    this.schema = requireNonNull(schema, "schema is null");
    List<SheafColumn> visible = new ArrayList<>(IcebergSchemas.columns(schema));
    if (name.withRowId()) {
      visible.add(new SheafColumn(IcebergSchemas.ROWID, SheafType.of(TypeKind.BIGINT), true));
    }
    this.columns = List.copyOf(visible);
    List<SheafColumn> readable = new ArrayList<>(visible);
    this.pinColumns = new int[visible.size()];
    for (int i = 0; i < visible.size(); i++) {
      pinColumns[i] = -1;
      String pin = IcebergSchemas.pinColumn(visible.get(i).name());
      if (visible.get(i).type().isMedia() && schema.findField(pin) != null) {
        pinColumns[i] = readable.size();
        readable.add(new SheafColumn(pin, SheafType.of(TypeKind.VARCHAR), true));
      }
    }
    this.readColumns = List.copyOf(readable);
  }

  /** The columns scans can read: {@link #columns()}, then the hidden pin columns. */
  public List<SheafColumn> readColumns() {
    return readColumns;
  }

  /**
   * The filters that may prune files and row groups by their statistics: those reading no VIRTUAL
   * computed column (whose files hold NULLs: the values exist only when a scan computes them).
   */
  public List<RexNode> prunable(List<RexNode> filters) {
    java.util.BitSet virtual = new java.util.BitSet();
    for (dev.sheaf.catalog.computed.ComputedColumn column :
        dev.sheaf.catalog.computed.ComputedColumns.of(table)) {
      if (column.virtual()) {
        for (int i = 0; i < columns.size(); i++) {
          String name = columns.get(i).name();
          if (name.equals(column.name()) || name.equals(column.errorColumn())) {
            virtual.set(i);
          }
        }
      }
    }
    if (virtual.isEmpty()) {
      return filters;
    }
    return filters.stream()
        .filter(
            filter ->
                !org.apache.calcite.plan.RelOptUtil.InputFinder.bits(filter)
                    .toBitSet()
                    .intersects(virtual))
        .toList();
  }

  /** How scans of this table compute the computed cells its files do not hold yet. */
  public MissingCells missingCells() {
    return missingCells;
  }

  public Table iceberg() {
    return table;
  }

  public TableName name() {
    return name;
  }

  /** The snapshot this table reads, or null when the table (or branch) has no rows yet. */
  public Snapshot snapshot() {
    return snapshot;
  }

  public Schema schema() {
    return schema;
  }

  /** The columns of the row type, in order (with {@code _rowid} last when exposed). */
  public List<SheafColumn> columns() {
    return columns;
  }

  /** Whether writes to this table are allowed: a branch head or main, never a pinned version. */
  public boolean isWritable() {
    return name.snapshotId() == null && name.systemTable() == null;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (SheafColumn column : columns) {
      builder.add(
          column.name(), CalciteTypes.relType(typeFactory, column.type(), column.nullable()));
    }
    return builder.build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
    if (snapshot == null) {
      return Linq4j.emptyEnumerable();
    }
    int[] projected = projects == null ? allColumns() : projects;
    Object media = root.get(MediaAccess.KEY);
    int[] projection = projected;
    if (media instanceof MediaAccess access && access.usesPins()) {
      projection = withPins(projected);
      if (projection.length > projected.length) {
        List<Set<MediaRead>> reads = new ArrayList<>();
        List<List<dev.sheaf.planner.media.ImageCallsAhead.Call>> imageCalls = new ArrayList<>();
        for (int column : projected) {
          reads.add(access.columnReads().of(readColumns.get(column).name()));
          imageCalls.add(access.imageCalls().of(readColumns.get(column).name()));
        }
        return new CellPinning(
            scanColumns(root, filters, projection),
            projected,
            pinColumns,
            reads,
            imageCalls,
            access,
            new MediaAccess.ReadScope(iceberg().uuid().toString(), snapshot.snapshotId()));
      }
    }
    return scanColumns(root, filters, projection);
  }

  /** The projection followed by the pin columns of its media columns. */
  private int[] withPins(int[] projected) {
    List<Integer> read = new ArrayList<>();
    for (int column : projected) {
      read.add(column);
    }
    for (int column : projected) {
      if (column < pinColumns.length && pinColumns[column] >= 0) {
        read.add(pinColumns[column]);
      }
    }
    return read.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Reads the projected columns. When the vectorized reader evaluates every filter exactly, the
   * filters are removed from {@code filters} (Calcite's list of the filters still to apply), so the
   * interpreter neither compiles them again for each execution nor tests each row twice.
   */
  private Enumerable<Object[]> scanColumns(
      DataContext root, List<RexNode> filters, int[] projection) {
    List<RexNode> pending = filters;
    List<String> names = new ArrayList<>();
    List<SheafType> types = new ArrayList<>();
    for (int index : projection) {
      names.add(readColumns.get(index).name());
      types.add(readColumns.get(index).type());
    }
    RexBuilder rexBuilder = new RexBuilder(root.getTypeFactory());
    // bound parameters as their values: `WHERE id = ?` prunes files and row groups too
    filters = dev.sheaf.planner.vector.ParameterLiterals.bound(filters, root, rexBuilder);
    Expression filter = new IcebergFilters(columns, rexBuilder).translate(prunable(filters));
    AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
    RowWindow window =
        root.get(RowWindow.CONTEXT_KEY) instanceof RowWindow part ? part : RowWindow.ALL;
    if (VectorScanPlan.readsFast(this)) {
      VectorPredicate predicate = VectorPredicate.compile(filters, columns, rexBuilder);
      if (predicate != null) {
        pending.clear();
      }
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<Object[]> enumerator() {
          return new VectorRowEnumerator(
              allocator, SheafTable.this, projection, predicate, filter, cancel, window);
        }
      };
    }
    if (!window.equals(RowWindow.ALL)) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot read partition %d of %d of table %s: its warehouse has no row windows yet"
              + " (read it with one partition)",
          window.index(),
          window.count(),
          name);
    }
    long snapshotId = snapshot.snapshotId();
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        TableRowReader reader = new TableRowReader(table, schema, names);
        return new RowEnumerator(reader.readAll(snapshotId, filter), types, cancel);
      }
    };
  }

  private int[] allColumns() {
    int[] all = new int[columns.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }

  /** Rows of a reader as Calcite values; stops with CANCELLED when the statement is cancelled. */
  private static final class RowEnumerator implements Enumerator<Object[]> {
    private final CloseableIterator<Object[]> rows;
    private final List<SheafType> types;
    private final AtomicBoolean cancel;
    private Object[] current;

    RowEnumerator(CloseableIterator<Object[]> rows, List<SheafType> types, AtomicBoolean cancel) {
      this.rows = rows;
      this.types = types;
      this.cancel = cancel;
    }

    @Override
    public Object[] current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      if (cancel != null && cancel.get()) {
        throw new SheafException(ErrorCode.CANCELLED, "Cannot finish the query: it was cancelled");
      }
      if (!rows.hasNext()) {
        return false;
      }
      Object[] row = rows.next();
      for (int i = 0; i < row.length; i++) {
        row[i] = CalciteValues.toCalcite(types.get(i), row[i]);
      }
      current = row;
      return true;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("a table scan cannot restart");
    }

    @Override
    public void close() {
      try {
        rows.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
