package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.planner.media.MediaOnError;
import dev.sheaf.planner.model.ModelFunctions;
import dev.sheaf.planner.model.Models;
import dev.sheaf.planner.schema.CalciteTypes;
import dev.sheaf.planner.schema.CalciteValues;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.iceberg.Table;

/**
 * Computes the STORED computed columns of a table for a list of rows (Sheaf row values, in the
 * table's user-column order), in place: each computed column gets its value and its error column
 * the cell's error, or NULL. The rows run through Calcite as one batch ({@code SELECT expr FROM
 * input}, compiled once per evaluator); when the batch fails, the rows run one at a time so only
 * the failing cells get NULL and their error ({@code ON ERROR NULL}), or the statement fails
 * ({@code ON ERROR ABORT}).
 */
final class ComputedEvaluator {
  /** Where an evaluator reaches the catalog, buffers and media stores. */
  record Scope(SheafCatalog catalog, BufferAllocator allocator, MediaStores media, Models models) {
    /** An evaluator for the table's STORED computed columns, or null when it has none. */
    ComputedEvaluator evaluator(Table table) {
      List<ComputedColumn> computed = ComputedColumns.stored(table);
      return computed.isEmpty() ? null : new ComputedEvaluator(this, table, computed);
    }

    /** An evaluator for one computed column of the table. */
    ComputedEvaluator evaluator(Table table, ComputedColumn column) {
      return evaluator(table, List.of(column));
    }

    /** An evaluator for some computed columns of the table. */
    ComputedEvaluator evaluator(Table table, List<ComputedColumn> columns) {
      return new ComputedEvaluator(this, table, columns);
    }
  }

  /** One computed column compiled in its own statement context (a planner plans one query). */
  private record Compiled(
      ComputedColumn column,
      StatementContext context,
      ComputedInputTable input,
      EnumerableRel plan,
      ModelArguments models,
      SheafType type,
      int position,
      int errorPosition) {}

  /** Rows whose model calls are embedded ahead at once (a slice of a write or chunk). */
  static final int MODEL_SLICE_ROWS = 8192;

  private final Scope scope;
  private final String table;
  private final List<SheafColumn> columns;
  private final List<ComputedColumn> definitions;
  private final List<Compiled> compiled = new ArrayList<>();

  private ComputedEvaluator(Scope scope, Table table, List<ComputedColumn> computed) {
    this.scope = scope;
    this.table = table.name();
    this.columns = IcebergSchemas.columns(table.schema());
    this.definitions = List.copyOf(computed);
  }

  /** Compiles each computed column, once, at the first rows to compute (DELETE never does). */
  private synchronized List<Compiled> compiled() {
    if (compiled.isEmpty()) {
      for (ComputedColumn column : definitions) {
        StatementContext context =
            new StatementContext(
                scope.catalog(), scope.allocator(), null, scope.media(), scope.models());
        ComputedInputTable input = new ComputedInputTable(columns);
        context.addComputedInput(input);
        SqlNode parsed = context.parse(query(column.expression()));
        ModelArguments models = ModelArguments.compile(scope, columns, parsed);
        RelRoot root = context.rel(context.validate(parsed));
        // failing cells raise, so each one's error is caught and kept (or aborts the statement)
        context.media().onError(MediaOnError.ABORT);
        compiled.add(
            new Compiled(
                column,
                context,
                input,
                context.optimize(root.rel, null),
                models,
                position(columns, column.name()).type(),
                columns.indexOf(position(columns, column.name())),
                columns.indexOf(position(columns, column.errorColumn()))));
      }
    }
    return compiled;
  }

  /** The names of the computed columns (and their error columns) this evaluator sets. */
  Set<String> columns() {
    Set<String> names = new LinkedHashSet<>();
    for (ComputedColumn c : definitions) {
      names.add(c.name());
      names.add(c.errorColumn());
    }
    return names;
  }

  /** Whether a computed column reads any of the given columns. */
  boolean reads(java.util.Collection<String> names) {
    return definitions.stream().anyMatch(c -> c.inputs().stream().anyMatch(names::contains));
  }

  /** Computes every computed column of the rows in place; returns how many cells failed. */
  int fill(List<Object[]> rows, AtomicBoolean cancel) {
    int failed = 0;
    if (rows.isEmpty()) {
      return 0;
    }
    for (Compiled c : compiled()) {
      failed += fill(c, rows, cancel);
    }
    return failed;
  }

  private int fill(Compiled c, List<Object[]> rows, AtomicBoolean cancel) {
    if (c.models() == null) {
      return fillRows(c, rows, cancel);
    }
    // model calls: slices of rows, so the vectors computed ahead stay bounded in memory
    int failed = 0;
    for (int from = 0; from < rows.size(); from += MODEL_SLICE_ROWS) {
      try {
        failed +=
            fillRows(c, rows.subList(from, Math.min(rows.size(), from + MODEL_SLICE_ROWS)), cancel);
      } finally {
        c.context().models().clear();
      }
    }
    return failed;
  }

  private int fillRows(Compiled c, List<Object[]> rows, AtomicBoolean cancel) {
    if (c.models() != null) {
      synchronized (this) {
        // the slice's model calls, embedded ahead in batches on the model pool
        c.models().precompute(rows, c.context().models(), cancel);
      }
    }
    try {
      List<Object> values = run(c, rows, cancel);
      for (int r = 0; r < rows.size(); r++) {
        rows.get(r)[c.position()] = values.get(r);
        rows.get(r)[c.errorPosition()] = null;
      }
      return 0;
    } catch (RuntimeException batchError) {
      if (cancel.get()) {
        throw batchError;
      }
    }
    int failed = 0;
    for (Object[] row : rows) {
      try {
        row[c.position()] = run(c, List.<Object[]>of(row), cancel).get(0);
        row[c.errorPosition()] = null;
      } catch (RuntimeException e) {
        SheafException error = asSheaf(e);
        if (c.column().abortOnError() || error.code() == ErrorCode.CANCELLED) {
          throw new SheafException(
              error.code(),
              "Cannot compute column '"
                  + c.column().name()
                  + "' of table "
                  + table
                  + ": "
                  + error.getMessage()
                  + " (it is ON ERROR ABORT; ON ERROR NULL keeps the error in '"
                  + c.column().errorColumn()
                  + "')",
              e);
        }
        row[c.position()] = null;
        row[c.errorPosition()] = error.code() + ": " + error.getMessage();
        failed++;
      }
    }
    return failed;
  }

  private List<Object> run(Compiled c, List<Object[]> rows, AtomicBoolean cancel) {
    List<Object> values = new ArrayList<>(rows.size());
    synchronized (this) {
      c.input().rows(rows);
      try (Enumerator<?> results = c.context().run(c.plan(), List.of(), cancel)) {
        while (results.moveNext()) {
          Object current = results.current();
          Object value = current instanceof Object[] array ? array[0] : current;
          values.add(CalciteValues.fromCalcite(c.type(), value));
        }
      }
    }
    if (values.size() != rows.size()) {
      throw new IllegalStateException("computed " + values.size() + " of " + rows.size() + " rows");
    }
    return values;
  }

  /** A failure as a SheafException with a stable code, as the statement executor reports it. */
  static SheafException asSheaf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SheafException sheaf) {
        return sheaf;
      }
    }
    Throwable cause =
        error instanceof ExceptionInInitializerError && error.getCause() != null
            ? error.getCause()
            : error;
    ErrorCode code =
        cause instanceof ArithmeticException
                || cause instanceof NumberFormatException
                || cause instanceof ClassCastException
                || cause instanceof IllegalArgumentException
            ? ErrorCode.TYPE_MISMATCH
            : ErrorCode.INTERNAL_ERROR;
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new SheafException(code, message.split("\n")[0], error);
  }

  static String query(String expression) {
    return "SELECT "
        + expression
        + " FROM \""
        + ComputedInputTable.SCHEMA
        + "\".\""
        + ComputedInputTable.NAME
        + "\"";
  }

  private static SheafColumn position(List<SheafColumn> columns, String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no column " + name));
  }

  /**
   * Checks a new computed column's expression against the table's columns and returns its type and
   * the columns it reads. Fails when it reads a computed column or is not a scalar expression.
   */
  static Definition define(Scope scope, Table table, String name, String expression) {
    List<SheafColumn> columns = IcebergSchemas.columns(table.schema());
    StatementContext context =
        new StatementContext(
            scope.catalog(), scope.allocator(), null, scope.media(), scope.models());
    ComputedInputTable input = new ComputedInputTable(columns);
    context.addComputedInput(input);
    SqlNode parsed = context.parse(query(expression));
    Set<String> inputs = new LinkedHashSet<>();
    if (parsed instanceof SqlSelect select) {
      select
          .getSelectList()
          .accept(
              new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlIdentifier identifier) {
                  String column = identifier.names.get(identifier.names.size() - 1);
                  if (columns.stream().anyMatch(c -> c.name().equals(column))) {
                    inputs.add(column);
                  }
                  return null;
                }
              });
      if (select.getSelectList().size() != 1) {
        throw SheafException.of(
            ErrorCode.INVALID_QUERY,
            "Cannot add computed column '%s': its definition must be one expression",
            name);
      }
    }
    for (String column : inputs) {
      if (ComputedColumns.isComputedOrError(table, column)) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot add computed column '%s' to table %s: it reads computed column '%s' (compute"
                + " it from the stored columns instead)",
            name,
            table.name(),
            column);
      }
    }
    SqlNode validated = context.validate(parsed);
    RelRoot root = context.rel(validated);
    if (!(validated instanceof SqlSelect select) || select.getFrom() == null) {
      throw new IllegalStateException("not a query: " + validated);
    }
    if (dev.sheaf.planner.media.ImageTensorColumns.of(root.rel, 0) != null) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot add computed column '%s': a to_tensor(...) column cannot be stored yet (store"
              + " resize(img, w, h) and call to_tensor on it in SELECT)",
          name);
    }
    var field = root.validatedRowType.getFieldList().get(0);
    SheafType type = CalciteTypes.sheafType(field.getType());
    if (field.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.ARRAY) {
      int size = ModelFunctions.vectorSize(select.getSelectList().get(0), scope.models());
      if (size <= 0) {
        throw SheafException.of(
            ErrorCode.UNSUPPORTED_TYPE,
            "Cannot add computed column '%s': its value is an array of unknown size (a VECTOR"
                + " column needs one; embed_text('model', text) gives one)",
            name);
      }
      type = SheafType.vector(size);
    }
    return new Definition(type, List.copyOf(inputs));
  }

  /** What {@link #define} found: the computed column's type and the columns it reads. */
  record Definition(SheafType type, List<String> inputs) {}
}
