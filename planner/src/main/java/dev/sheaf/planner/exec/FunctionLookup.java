package dev.sheaf.planner.exec;

import java.util.List;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * Looks functions up by name regardless of case. Table and column names are case-sensitive after
 * unquoted names fold to lower case, but Calcite registers library functions in upper case, so
 * {@code lpad(...)} would otherwise not find LPAD. {@code USER} is not looked up: an unquoted
 * {@code user} names a column, as it does in DuckDB ({@code CURRENT_USER} names the user).
 */
final class FunctionLookup implements SqlOperatorTable {
  private static final SqlNameMatcher ANY_CASE = SqlNameMatchers.withCaseSensitive(false);

  private final SqlOperatorTable delegate;

  FunctionLookup(SqlOperatorTable delegate) {
    this.delegate = delegate;
  }

  @Override
  public void lookupOperatorOverloads(
      SqlIdentifier name,
      SqlFunctionCategory category,
      SqlSyntax syntax,
      List<SqlOperator> operators,
      SqlNameMatcher nameMatcher) {
    delegate.lookupOperatorOverloads(name, category, syntax, operators, ANY_CASE);
    // `user` names a column, as people type it (StatementRewriter); CURRENT_USER names the user
    operators.removeIf(operator -> operator == SqlStdOperatorTable.USER);
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    return delegate.getOperatorList();
  }
}
