package dev.sheaf.planner.exec;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * A FROM clause that names one table, with its alias ({@code FROM t}, {@code FROM s.t AS x}): the
 * shape the statements an index answers read from.
 *
 * @param table the table's name as written
 * @param alias the alias, or the table's last name part when there is none
 */
record FromTable(SqlIdentifier table, String alias) {

  /** The table {@code from} names, or null for a join, a subquery or anything else. */
  static FromTable of(SqlNode from) {
    if (from instanceof SqlIdentifier identifier) {
      return new FromTable(identifier, identifier.names.get(identifier.names.size() - 1));
    }
    if (from instanceof SqlBasicCall as
        && as.getKind() == SqlKind.AS
        && as.operandCount() == 2
        && as.operand(0) instanceof SqlIdentifier identifier
        && as.operand(1) instanceof SqlIdentifier name) {
      return new FromTable(identifier, name.getSimple());
    }
    return null;
  }
}
