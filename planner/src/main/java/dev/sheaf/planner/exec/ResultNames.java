package dev.sheaf.planner.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;

/**
 * The names PostgreSQL gives a query's result columns (its {@code FigureColname}), read from the
 * parse tree before Sheaf rewrites or Calcite validates it: an alias names its column, a column
 * reference its column, a function call its function ({@code count}, {@code media_error}), a CAST
 * of anything but a column or a function its target type ({@code int4}), CASE {@code case}, and any
 * other expression {@code ?column?}, never Calcite's {@code EXPR$1}; names may repeat, as in
 * PostgreSQL. A {@code *} item is left to the columns it expands to (null here).
 */
final class ResultNames {
  /** PostgreSQL's name for an expression it cannot name. */
  static final String UNNAMED = "?column?";

  /** SQL type names as PostgreSQL names a CAST to them (its internal type names). */
  private static final Map<String, String> TYPE_NAMES =
      Map.ofEntries(
          Map.entry("INTEGER", "int4"),
          Map.entry("INT", "int4"),
          Map.entry("BIGINT", "int8"),
          Map.entry("SMALLINT", "int2"),
          Map.entry("TINYINT", "int2"),
          Map.entry("REAL", "float4"),
          Map.entry("FLOAT", "float8"),
          Map.entry("DOUBLE", "float8"),
          Map.entry("DECIMAL", "numeric"),
          Map.entry("NUMERIC", "numeric"),
          Map.entry("BOOLEAN", "bool"),
          Map.entry("CHAR", "bpchar"),
          Map.entry("VARBINARY", "bytea"),
          Map.entry("BINARY", "bytea"));

  private ResultNames() {}

  /** One name per select item of the statement's outermost query, or null when it is no query. */
  static List<String> of(SqlNode statement) {
    SqlNode query =
        statement instanceof dev.sheaf.planner.parser.SqlCreateTable create && create.query != null
            ? create.query // CREATE TABLE ... AS names its columns as the query does
            : statement;
    while (true) {
      if (query instanceof SqlOrderBy orderBy) {
        query = orderBy.query;
      } else if (query instanceof SqlWith with) {
        query = with.body;
      } else if (query.getKind() == SqlKind.UNION
          || query.getKind() == SqlKind.INTERSECT
          || query.getKind() == SqlKind.EXCEPT) {
        query = ((SqlCall) query).operand(0); // the first branch names the columns
      } else {
        break;
      }
    }
    if (query instanceof SqlSelect select) {
      List<String> names = new ArrayList<>();
      for (SqlNode item : select.getSelectList()) {
        names.add(item instanceof SqlIdentifier id && id.isStar() ? null : name(item).text());
      }
      return names;
    }
    if (query.getKind() == SqlKind.VALUES) {
      SqlCall values = (SqlCall) query;
      if (values.operandCount() > 0 && values.operand(0) instanceof SqlCall row) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= row.operandCount(); i++) {
          names.add("column" + i);
        }
        return names;
      }
    }
    return null;
  }

  /** A name and how strongly it names the expression (PostgreSQL's strength: 0, 1 or 2). */
  private record Named(String text, int strength) {
    static final Named NONE = new Named(UNNAMED, 0);
  }

  private static Named name(SqlNode node) {
    if (node instanceof SqlIdentifier id) {
      return id.isStar() ? Named.NONE : new Named(id.names.get(id.names.size() - 1), 2);
    }
    if (!(node instanceof SqlCall call)) {
      return Named.NONE;
    }
    switch (call.getKind()) {
      case AS:
        return new Named(((SqlIdentifier) call.operand(1)).getSimple(), 2);
      case CAST:
        {
          Named argument = name(call.operand(0));
          if (argument.strength() > 1 || !(call.operand(1) instanceof SqlDataTypeSpec type)) {
            return argument;
          }
          String typeName = type.getTypeName().getSimple().toUpperCase(Locale.ROOT);
          return new Named(TYPE_NAMES.getOrDefault(typeName, typeName.toLowerCase(Locale.ROOT)), 1);
        }
      case CASE:
        return new Named("case", 1);
      case OVER:
      case FILTER:
      case WITHIN_GROUP:
      case NULLS_FIRST:
      case NULLS_LAST:
        return name(call.operand(0));
      case SCALAR_QUERY:
        return subqueryName(call.operand(0));
      case EXISTS:
        return new Named("exists", 2);
      case ARRAY_VALUE_CONSTRUCTOR:
        return new Named("array", 2);
      case ROW:
        return new Named("row", 2);
      case SELECT:
        return subqueryName(call);
      default:
        break;
    }
    if (call.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.FUNCTION
        || call.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.FUNCTION_STAR
        || call.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.FUNCTION_ID
        || call.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.ORDERED_FUNCTION
        || call.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.SPECIAL
            && call instanceof SqlBasicCall
            && isNamedSpecial(call.getKind())) {
      return new Named(call.getOperator().getName().toLowerCase(Locale.ROOT), 2);
    }
    return Named.NONE;
  }

  /** Special-syntax calls PostgreSQL names after their function: EXTRACT, POSITION, TRIM... */
  private static boolean isNamedSpecial(SqlKind kind) {
    return switch (kind) {
      case EXTRACT, POSITION, TRIM, FLOOR, CEIL, NULLIF, COALESCE -> true;
      default -> false;
    };
  }

  /** A scalar subquery is named as its one column. */
  private static Named subqueryName(SqlNode query) {
    List<String> names = of(query);
    return names == null || names.isEmpty() || names.get(0) == null
        ? Named.NONE
        : new Named(names.get(0), 2);
  }

  /**
   * The result's names: {@code parsed} (from {@link #of}) where it names each item, else the
   * column's own name ({@code origin}, for columns a {@code *} expands to), else Calcite's.
   */
  static List<String> apply(List<String> parsed, List<String> calcite, List<String> origins) {
    if (parsed == null) {
      return calcite; // not a query
    }
    int stars = (int) parsed.stream().filter(name -> name == null).count();
    int expanded = calcite.size() - (parsed.size() - stars);
    if (stars == 0 ? expanded != 0 : stars > 1 || expanded < 0) {
      // several stars, or a rewrite changed the select list: column names where known
      List<String> names = new ArrayList<>();
      for (int i = 0; i < calcite.size(); i++) {
        names.add(origins.get(i) != null ? origins.get(i) : calcite.get(i));
      }
      return names;
    }
    List<String> names = new ArrayList<>();
    for (String name : parsed) {
      if (name != null) {
        names.add(name);
        continue;
      }
      for (int i = 0; i < expanded; i++) {
        int field = names.size();
        names.add(origins.get(field) != null ? origins.get(field) : calcite.get(field));
      }
    }
    return names;
  }
}
