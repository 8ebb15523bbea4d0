package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableWrites;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * Routes a statement to DDL, DML, EXPLAIN or query execution, and maps failures to Sheaf errors.
 */
public final class StatementExecutor {
  private final SheafCatalog catalog;
  private final QueryRunner queries;
  private final DmlRunner dml;
  private final DdlRunner ddl;

  public StatementExecutor(SheafCatalog catalog, BufferAllocator allocator) {
    this.catalog = catalog;
    TableWrites writes = new TableWrites(catalog);
    this.queries = new QueryRunner(allocator);
    this.dml = new DmlRunner(writes);
    this.ddl = new DdlRunner(catalog, writes, queries);
  }

  public StatementResult execute(String sql, List<Object> parameters, AtomicBoolean cancel) {
    try {
      StatementContext context = new StatementContext(catalog);
      SqlNode parsed = context.parse(sql);
      if (DdlRunner.isDdl(parsed)) {
        return StatementResult.update(ddl.run(context, parsed, cancel));
      }
      if (parsed instanceof SqlExplain explain) {
        return queries.explain(context, explain);
      }
      SqlNode rewritten = new StatementRewriter(catalog).rewrite(parsed);
      SqlNode validated = context.validate(rewritten);
      List<Object> bound = ParameterValues.bind(context.parameterRowType(), parameters);
      if (validated.getKind().belongsTo(SqlKind.DML)) {
        return StatementResult.update(dml.run(context, validated, bound, cancel));
      }
      return queries.run(context, queries.compile(context, validated), bound, cancel);
    } catch (SheafException e) {
      throw e;
    } catch (RuntimeException e) {
      SheafException cause = findSheaf(e);
      if (cause != null) {
        throw cause;
      }
      if (e instanceof ArithmeticException
          || e instanceof NumberFormatException
          || e instanceof ClassCastException) {
        throw new SheafException(
            ErrorCode.TYPE_MISMATCH, "Cannot evaluate the statement: " + e.getMessage(), e);
      }
      throw new SheafException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot run the statement: internal error "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage().split("\n")[0]),
          e);
    }
  }

  private static SheafException findSheaf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SheafException sheaf) {
        return sheaf;
      }
    }
    return null;
  }
}
