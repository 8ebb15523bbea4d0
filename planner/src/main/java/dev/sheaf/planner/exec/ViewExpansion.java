package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.views.StoredView;
import dev.sheaf.planner.schema.TableName;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSampleSpec;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Rewrites the FROM clause of a SELECT before validation: a view's name becomes its query (a
 * subquery under the view's name, so filters and joins over it are planned with the base table's
 * scan), {@code v FOR VERSION AS OF x} becomes the query with every base table read at version
 * {@code x}, and {@code t TABLESAMPLE BERNOULLI(p) REPEATABLE(seed)} keeps the rows whose {@link
 * SampleHash} of (seed, {@code _rowid}) is below p / 100.
 */
final class ViewExpansion {
  /** The view property naming the column of {@code STRATIFY BY}. */
  static final String STRATIFY_PROPERTY = "sheaf.view.stratify";

  /** Views inside views deeper than this are refused (a view that names itself). */
  private static final int MAX_DEPTH = 16;

  /** Checks a view's query against its stored columns before it is read. */
  interface ViewCheck {
    /** The columns the view's query has now; throws when it does not validate. */
    List<SheafColumn> columns(StoredView view);

    /** Whether the table is an iterator view. */
    default boolean iteratorView(String schema, String table) {
      return false;
    }

    /** The snapshot of an iterator view that reflects its base at {@code period}. */
    default long iteratorSnapshot(String schema, String table, SqlNode period) {
      throw new IllegalStateException("no iterator views");
    }
  }

  private final SheafCatalog catalog;
  private final ViewCheck check;
  private final UnaryOperator<SqlNode> snapshots;
  private int depth;
  private boolean expanded;

  /**
   * @param snapshots resolves a {@code t FOR VERSION AS OF x} node to the pinned table reference
   * @param check checks a view before it is read, or null to skip that
   */
  ViewExpansion(SheafCatalog catalog, ViewCheck check, UnaryOperator<SqlNode> snapshots) {
    this.catalog = catalog;
    this.check = check;
    this.snapshots = snapshots;
  }

  /** Whether a view was read: the statement's plan then depends on view definitions too. */
  boolean expanded() {
    return expanded;
  }

  void expand(SqlSelect select) {
    if (select.getFrom() != null) {
      select.setFrom(from(select.getFrom(), null));
    }
  }

  private SqlNode from(SqlNode node, String stratum) {
    switch (node) {
      case SqlIdentifier identifier -> {
        StoredView view = view(identifier);
        if (view == null) {
          return iteratorRead(identifier, null, node);
        }
        return as(query(view, null), alias(identifier), node);
      }
      case SqlJoin join -> {
        join.setLeft(from(join.getLeft(), stratum));
        join.setRight(from(join.getRight(), stratum));
        return join;
      }
      case SqlSnapshot snapshot -> {
        if (snapshot.getTableRef() instanceof SqlIdentifier identifier) {
          StoredView view = view(identifier);
          if (view != null) {
            return as(query(view, snapshot.getPeriod()), alias(identifier), node);
          }
          return iteratorRead(identifier, snapshot.getPeriod(), node);
        }
        return node;
      }
      case SqlBasicCall call when call.getKind() == SqlKind.AS -> {
        SqlNode inner = call.operand(0);
        if (inner instanceof SqlIdentifier identifier) {
          StoredView view = view(identifier);
          if (view != null) {
            call.setOperand(0, query(view, null));
          } else {
            call.setOperand(0, iteratorRead(identifier, null, inner));
          }
        } else if (inner instanceof SqlSnapshot snapshot
            && snapshot.getTableRef() instanceof SqlIdentifier identifier) {
          StoredView view = view(identifier);
          if (view != null) {
            call.setOperand(0, query(view, snapshot.getPeriod()));
          } else {
            SqlNode read = iteratorRead(identifier, snapshot.getPeriod(), inner);
            call.setOperand(
                0, read instanceof SqlBasicCall alias && alias != inner ? alias.operand(0) : read);
          }
        } else if (inner instanceof SqlCall nested && nested.getKind() == SqlKind.TABLESAMPLE) {
          call.setOperand(0, from(nested, stratum));
        }
        return call;
      }
      case SqlBasicCall call when call.getKind() == SqlKind.TABLESAMPLE -> {
        return sample(call, stratum);
      }
      default -> {
        return node;
      }
    }
  }

  /**
   * A read of an iterator view: the view is first brought up to its base; read {@code FOR VERSION
   * AS OF} a base version, it is the view's version that reflects it. {@code node} when the name is
   * no iterator view.
   */
  private SqlNode iteratorRead(SqlIdentifier identifier, SqlNode period, SqlNode node) {
    // a plain read catches up in the schema (SheafSchema), which loads the table anyway
    if (period == null || check == null || identifier.names.size() > 3 || identifier.isStar()) {
      return node;
    }
    TableResolver name = TableResolver.of(identifier);
    if (TableName.parse(name.table()).table().length() != name.table().length()
        || !catalog.schemaExists(name.schema())
        || !check.iteratorView(name.schema(), name.table())) {
      return node;
    }
    long snapshot = check.iteratorSnapshot(name.schema(), name.table(), period);
    SqlIdentifier pinned =
        TableResolver.withTablePart(
            identifier, TableName.of(name.table()).withSnapshot(snapshot).toString());
    return as(pinned, alias(identifier), node);
  }

  private StoredView view(SqlIdentifier identifier) {
    if (identifier.names.size() > 3 || identifier.isStar()) {
      return null;
    }
    TableResolver name = TableResolver.of(identifier);
    if (TableName.parse(name.table()).table().length() != name.table().length()) {
      return null;
    }
    return catalog.views().find(name.schema(), name.table()).orElse(null);
  }

  private static String alias(SqlIdentifier identifier) {
    return identifier.names.get(identifier.names.size() - 1);
  }

  private static SqlNode as(SqlNode query, String alias, SqlNode at) {
    return SqlStdOperatorTable.AS.createCall(
        at.getParserPosition(), query, new SqlIdentifier(alias, at.getParserPosition()));
  }

  /**
   * A view's query as a statement reads it: its tables named in its schema, its sample rewritten.
   */
  SqlNode definition(StoredView view) {
    return query(view, null);
  }

  /** The view's query, its tables read at {@code period} when one is given. */
  private SqlNode query(StoredView view, SqlNode period) {
    if (++depth > MAX_DEPTH) {
      throw SheafException.of(
          ErrorCode.VIEW_INVALID,
          "Cannot read view '%s.%s': views nest more than %d deep (does it name itself?)",
          view.schema(),
          view.name(),
          MAX_DEPTH);
    }
    expanded = true;
    if (check != null && period == null) {
      checkColumns(view);
    }
    SqlNode parsed;
    try {
      parsed = SqlParser.create(view.sql(), StatementContext.parserConfig()).parseQuery();
    } catch (SqlParseException e) {
      throw SheafException.of(
          ErrorCode.VIEW_INVALID,
          "Cannot read view '%s.%s': its query no longer parses (%s); CREATE OR REPLACE VIEW it",
          view.schema(),
          view.name(),
          e.getMessage().split("\n")[0]);
    }
    SqlNode query = parsed;
    String stratum = view.properties().get(STRATIFY_PROPERTY);
    forEachSelect(query, select -> qualify(select, view.schema(), period, stratum));
    return query;
  }

  private void checkColumns(StoredView view) {
    List<SheafColumn> now;
    try {
      now = check.columns(view);
    } catch (SheafException e) {
      throw SheafException.of(
          ErrorCode.VIEW_INVALID,
          "Cannot read view '%s.%s': %s (its base table was dropped, renamed or changed;"
              + " CREATE OR REPLACE VIEW or DROP VIEW it)",
          view.schema(),
          view.name(),
          e.getMessage());
    }
    List<String> was = describe(view.columns());
    List<String> is = describe(now);
    if (!was.equals(is)) {
      throw SheafException.of(
          ErrorCode.VIEW_INVALID,
          "Cannot read view '%s.%s': its columns were %s and its query now gives %s (a base"
              + " column was dropped, renamed or changed; CREATE OR REPLACE VIEW it)",
          view.schema(),
          view.name(),
          was,
          is);
    }
  }

  private static List<String> describe(List<SheafColumn> columns) {
    List<String> names = new ArrayList<>();
    columns.forEach(column -> names.add(column.name() + " " + column.type()));
    return names;
  }

  private static void forEachSelect(SqlNode node, java.util.function.Consumer<SqlSelect> action) {
    if (node instanceof SqlSelect select) {
      action.accept(select);
    } else if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        if (operand != null) {
          forEachSelect(operand, action);
        }
      }
    } else if (node instanceof SqlNodeList list) {
      list.forEach(item -> forEachSelect(item, action));
    }
  }

  /**
   * Names the view's tables in the view's schema, pins them at {@code period}, and rewrites its
   * TABLESAMPLE (stratified by {@code stratum} when given).
   */
  private void qualify(SqlSelect select, String schema, SqlNode period, String stratum) {
    if (select.getFrom() != null) {
      select.setFrom(qualifyFrom(select.getFrom(), schema, period));
      select.setFrom(from(select.getFrom(), stratum));
    }
  }

  private SqlNode qualifyFrom(SqlNode node, String schema, SqlNode period) {
    switch (node) {
      case SqlIdentifier identifier -> {
        SqlIdentifier qualified =
            identifier.names.size() == 1
                ? new SqlIdentifier(
                    List.of(schema, identifier.names.get(0)), identifier.getParserPosition())
                : identifier;
        if (period == null) {
          return identifier.names.size() == 1 ? as(qualified, alias(identifier), node) : node;
        }
        return as(
            new SqlSnapshot(node.getParserPosition(), qualified, period), alias(identifier), node);
      }
      case SqlJoin join -> {
        join.setLeft(qualifyFrom(join.getLeft(), schema, period));
        join.setRight(qualifyFrom(join.getRight(), schema, period));
        return join;
      }
      case SqlBasicCall call
          when call.getKind() == SqlKind.AS || call.getKind() == SqlKind.TABLESAMPLE -> {
        SqlNode inner = call.operand(0);
        if (inner instanceof SqlIdentifier identifier) {
          SqlNode qualified = qualifyFrom(identifier, schema, period);
          // drop the alias qualifyFrom added: the call has its own (or is a TABLESAMPLE of it)
          if (qualified instanceof SqlBasicCall alias && alias.getKind() == SqlKind.AS) {
            qualified = call.getKind() == SqlKind.AS ? alias.operand(0) : qualified;
          }
          call.setOperand(0, qualified);
        } else if (inner instanceof SqlBasicCall nested) {
          call.setOperand(0, qualifyFrom(nested, schema, period));
        }
        return call;
      }
      default -> {
        return node;
      }
    }
  }

  /**
   * {@code t TABLESAMPLE BERNOULLI(p) REPEATABLE(seed)} as the rows of {@code t} whose draw is
   * below p / 100; with a stratum, the first ceil(p / 100 * n) rows of each stratum of n rows in
   * draw order. Other samples stay as written.
   */
  private SqlNode sample(SqlBasicCall call, String stratum) {
    if (!(call.operand(1) instanceof SqlLiteral literal)
        || !(literal.getValue() instanceof SqlSampleSpec.SqlTableSampleSpec spec)
        || !spec.isBernoulli()
        || !spec.isRepeatable()) {
      if (stratum != null) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot stratify the sample by %s: STRATIFY BY takes TABLESAMPLE BERNOULLI(p)"
                + " REPEATABLE(seed)",
            stratum);
      }
      return call;
    }
    SqlNode table = call.operand(0);
    String alias = null;
    if (table instanceof SqlBasicCall as && as.getKind() == SqlKind.AS) {
      alias = ((SqlIdentifier) as.operand(1)).getSimple();
      table = as.operand(0);
    }
    SqlIdentifier identifier;
    if (table instanceof SqlSnapshot snapshot) {
      identifier = (SqlIdentifier) snapshots.apply(snapshot);
    } else if (table instanceof SqlIdentifier plain) {
      identifier = plain;
    } else {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot sample %s with REPEATABLE: sample a table (or a view's base table)",
          table);
    }
    if (view(identifier) != null) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot sample view %s with REPEATABLE: sample its base table in a view of its own",
          identifier);
    }
    if (alias == null) {
      alias = TableName.parse(alias(identifier)).table();
    }
    TableResolver name = TableResolver.of(identifier);
    TableName decorated = TableName.parse(name.table());
    List<SheafColumn> columns =
        IcebergSchemas.columns(catalog.loadTable(name.schema(), decorated.table()).schema());
    SqlIdentifier withRowId =
        TableResolver.withTablePart(identifier, decorated.withRowIdColumn().toString());
    SqlParserPos pos = call.getParserPosition();
    double share = spec.sampleRate.doubleValue();
    SqlNode draw =
        new SqlBasicCall(
            new org.apache.calcite.sql.SqlUnresolvedFunction(
                new SqlIdentifier("sheaf_sample", pos),
                null,
                null,
                null,
                null,
                org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION),
            List.of(
                new SqlIdentifier(IcebergSchemas.ROWID, pos),
                SqlLiteral.createExactNumeric(String.valueOf(spec.getRepeatableSeed()), pos)),
            pos);
    SqlNodeList select = new SqlNodeList(pos);
    columns.forEach(column -> select.add(new SqlIdentifier(column.name(), pos)));
    SqlNode query;
    if (stratum == null) {
      SqlNode where =
          SqlStdOperatorTable.LESS_THAN.createCall(
              pos, draw, SqlLiteral.createApproxNumeric(String.valueOf(share), pos));
      query = select(select, withRowId, where);
    } else {
      query = stratified(select, withRowId, draw, new SqlIdentifier(stratum, pos), share, pos);
    }
    return as(query, alias, call);
  }

  private static SqlSelect select(SqlNodeList columns, SqlNode from, SqlNode where) {
    return new SqlSelect(
        from.getParserPosition(),
        null,
        columns,
        from,
        where,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The rows ranked within their stratum by their draw, the first share of each stratum kept. */
  private static SqlNode stratified(
      SqlNodeList columns,
      SqlIdentifier from,
      SqlNode draw,
      SqlIdentifier stratum,
      double share,
      SqlParserPos pos) {
    SqlNodeList inner = new SqlNodeList(pos);
    columns.forEach(inner::add);
    SqlNodeList partition = SqlNodeList.of(stratum);
    SqlNode rank =
        SqlStdOperatorTable.OVER.createCall(
            pos,
            SqlStdOperatorTable.ROW_NUMBER.createCall(pos),
            org.apache.calcite.sql.SqlWindow.create(
                null,
                null,
                partition,
                SqlNodeList.of(draw),
                SqlLiteral.createBoolean(false, pos),
                null,
                null,
                null,
                pos));
    SqlNode count =
        SqlStdOperatorTable.OVER.createCall(
            pos,
            SqlStdOperatorTable.COUNT.createCall(pos, SqlIdentifier.star(pos)),
            org.apache.calcite.sql.SqlWindow.create(
                null,
                null,
                SqlNodeList.of(stratum.clone(pos)),
                SqlNodeList.EMPTY,
                SqlLiteral.createBoolean(false, pos),
                null,
                null,
                null,
                pos));
    inner.add(as(rank, "$rank", stratum));
    inner.add(as(count, "$count", stratum));
    SqlNode where =
        SqlStdOperatorTable.LESS_THAN_OR_EQUAL.createCall(
            pos,
            new SqlIdentifier("$rank", pos),
            SqlStdOperatorTable.CEIL.createCall(
                pos,
                SqlStdOperatorTable.MULTIPLY.createCall(
                    pos,
                    new SqlIdentifier("$count", pos),
                    SqlLiteral.createApproxNumeric(String.valueOf(share), pos))));
    SqlNode ranked = as(select(inner, from, null), "$ranked", stratum);
    SqlNodeList outer = new SqlNodeList(pos);
    columns.forEach(column -> outer.add(column.clone(pos)));
    return select(outer, ranked, where);
  }
}
