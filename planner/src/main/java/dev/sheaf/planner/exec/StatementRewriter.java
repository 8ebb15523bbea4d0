package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableVersions;
import dev.sheaf.planner.media.NamedArguments;
import dev.sheaf.planner.parser.SqlDatasetVersionOperator;
import dev.sheaf.planner.parser.SqlVersionOperator;
import dev.sheaf.planner.schema.TableName;
import dev.sheaf.planner.similarity.SimilarityCalls;
import dev.sheaf.planner.text.TextCalls;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.math.BigDecimal;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Rewrites a parsed statement before validation: {@code t FOR VERSION AS OF v} and {@code t FOR
 * SYSTEM_TIME AS OF ts} become references to the resolved snapshot ({@code "t@snapshot=<id>"}), and
 * the target of UPDATE, DELETE and MERGE exposes {@code _rowid} so the writer knows which rows
 * change, and text written into DATE and TIMESTAMP columns becomes literals of their type ({@link
 * TemporalTextLiterals}).
 */
final class StatementRewriter extends SqlShuttle {
  private final SheafCatalog catalog;
  private final ViewExpansion views;

  StatementRewriter(SheafCatalog catalog) {
    this(catalog, null);
  }

  /**
   * @param check checks each view the statement reads against its stored columns, or null
   */
  StatementRewriter(SheafCatalog catalog, ViewExpansion.ViewCheck check) {
    this.catalog = catalog;
    this.views = new ViewExpansion(catalog, check, node -> visit((SqlCall) node));
  }

  /** Whether the statement read a view (its plan then depends on the view's definition). */
  boolean readsViews() {
    return views.expanded() || readsDatasets;
  }

  /** Whether the statement read a dataset at a version (resolved here, from the catalog). */
  private boolean readsDatasets;

  SqlNode rewrite(SqlNode node) {
    // the target keeps its own name as its alias, so `WHERE t.id = 2` still names it
    if (node instanceof SqlUpdate update) {
      if (update.getTargetTable() instanceof SqlIdentifier target) {
        TemporalTextLiterals.rewrite(update, target, catalog);
      }
      update.setAlias(targetAlias(update.getTargetTable(), update.getAlias()));
      update.setOperand(0, withRowId(update.getTargetTable()));
    } else if (node instanceof SqlDelete delete) {
      delete.setOperand(DELETE_ALIAS, targetAlias(delete.getTargetTable(), delete.getAlias()));
      delete.setOperand(0, withRowId(delete.getTargetTable()));
    } else if (node instanceof SqlMerge merge) {
      merge.setOperand(MERGE_ALIAS, targetAlias(merge.getTargetTable(), merge.getAlias()));
      merge.setOperand(0, withRowId(merge.getTargetTable()));
      // a MERGE with conditions or DELETE sets _rowid as its action marker (SqlMergeClauses)
      if (merge.getUpdateCall() != null) {
        merge.getUpdateCall().setOperand(0, merge.getTargetTable());
        merge.getUpdateCall().setAlias(merge.getAlias());
      }
      if (merge.getInsertCall() != null) {
        merge.getInsertCall().setOperand(1, merge.getTargetTable());
      }
    } else if (node instanceof SqlInsert insert) {
      TemporalTextLiterals.rewrite(insert, catalog);
    }
    return node.accept(this);
  }

  @Override
  public SqlNode visit(SqlCall call) {
    if (call instanceof org.apache.calcite.sql.SqlSelect select) {
      views.expand(select);
    }
    if (call instanceof SqlSnapshot snapshot
        && snapshot.getTableRef() instanceof SqlIdentifier identifier
        && snapshot.getPeriod() instanceof SqlBasicCall period
        && period.getOperator() == SqlDatasetVersionOperator.INSTANCE) {
      readsDatasets = true;
      return DatasetReferences.atVersion(catalog, identifier, period.operand(0));
    }
    if (call instanceof SqlSnapshot snapshot
        && snapshot.getTableRef() instanceof SqlIdentifier identifier) {
      Table table = TableResolver.of(identifier).load(catalog);
      Snapshot resolved = resolve(table, snapshot.getPeriod());
      TableName name =
          TableName.parse(identifier.names.get(identifier.names.size() - 1))
              .withSnapshot(resolved.snapshotId());
      return TableResolver.withTablePart(identifier, name.toString());
    }
    if (call.getOperator() == SqlStdOperatorTable.USER) {
      // the parser reads an unquoted `user` as SQL's USER; people mean their column (CURRENT_USER
      // still names the user)
      return new SqlIdentifier("user", call.getParserPosition());
    }
    if (call.getKind() == SqlKind.CAST
        && call.operand(0) instanceof SqlLiteral literal
        && literal.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.BOOLEAN
        && literal.getValue() != null
        && call.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec type
        && java.util.Set.of("VARCHAR", "CHAR").contains(type.getTypeName().getSimple())) {
      // Calcite folds CAST(TRUE AS VARCHAR) to 'TRUE' before ExactCasts sees it; PostgreSQL's is
      // 'true' (UNKNOWN stays a CAST)
      return SqlLiteral.createCharString(
          String.valueOf(literal.booleanValue()), call.getParserPosition());
    }
    SqlNode relative = RelativeRanks.rewrite(call);
    if (relative != null) {
      return relative.accept(this);
    }
    SqlNode truncated = DateTrunc.rewrite(call, this);
    if (truncated != null) {
      return truncated;
    }
    if (isDayOfWeek(call)) {
      // Calcite counts EXTRACT(DOW) 1..7 from Sunday; PostgreSQL, DuckDB and Sheaf count 0..6
      SqlNode extract = super.visit(call);
      return SqlStdOperatorTable.MINUS.createCall(
          call.getParserPosition(),
          extract,
          SqlLiteral.createExactNumeric("1", call.getParserPosition()));
    }
    SimilarityCalls.typeParameters(call);
    SqlCall text = TextCalls.rewrite(call);
    if (text != null) {
      return super.visit(text);
    }
    NamedArguments.complete(call);
    return super.visit(call);
  }

  private static boolean isDayOfWeek(SqlCall call) {
    return call.getOperator().getKind() == SqlKind.EXTRACT
        && call.operand(0) instanceof SqlIntervalQualifier unit
        && unit.timeUnitRange == TimeUnitRange.DOW;
  }

  /** The operand index of the alias in Calcite's {@code SqlDelete.setOperand}. */
  private static final int DELETE_ALIAS = 3;

  /** The operand index of the alias in Calcite's {@code SqlMerge.setOperand}. */
  private static final int MERGE_ALIAS = 6;

  /** The alias a statement gave its target, else the target's own table name. */
  private static SqlIdentifier targetAlias(SqlNode target, SqlIdentifier alias) {
    if (alias != null || !(target instanceof SqlIdentifier identifier)) {
      return alias;
    }
    String table = TableName.parse(identifier.names.get(identifier.names.size() - 1)).table();
    return new SqlIdentifier(table, identifier.getParserPosition());
  }

  private static SqlNode withRowId(SqlNode target) {
    if (target instanceof SqlIdentifier identifier) {
      String table = identifier.names.get(identifier.names.size() - 1);
      return TableResolver.withTablePart(
          identifier, TableName.parse(table).withRowIdColumn().toString());
    }
    return target;
  }

  /** The snapshot of {@code table} a {@code FOR VERSION AS OF} or {@code FOR SYSTEM_TIME} names. */
  static Snapshot resolve(Table table, SqlNode period) {
    if (period instanceof SqlBasicCall call && call.getOperator() == SqlVersionOperator.INSTANCE) {
      SqlNode version = call.operand(0);
      if (version instanceof SqlNumericLiteral number) {
        BigDecimal value = number.getValueAs(BigDecimal.class);
        return TableVersions.byVersion(table, value.longValueExact());
      }
      if (version instanceof SqlCharStringLiteral text) {
        return TableVersions.byReference(table, text.getValueAs(String.class));
      }
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read version %s of table %s: give a version number or a quoted tag or branch name",
          version,
          table.name());
    }
    var millis = TimestampLiterals.millis(period);
    if (millis.isPresent()) {
      return TableVersions.asOf(table, millis.getAsLong());
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot read table %s as of %s: give a timestamp literal such as TIMESTAMP '2026-01-31"
            + " 12:00:00' (UTC)",
        table.name(),
        period);
  }
}
