package dev.sheaf.planner.text;

import java.util.List;
import java.util.Map;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Sends SQL's character functions to {@link TextFunctions}, which count code points: the parse
 * tree's {@code char_length}, {@code character_length}, {@code length}, {@code substring}, {@code
 * position}, {@code left}, {@code right}, {@code upper} and {@code lower} become calls of Sheaf's
 * functions of the same meaning before validation.
 */
public final class TextCalls {
  /** SQL's name of a function (upper case) to the name Sheaf registers its version under. */
  private static final Map<String, String> REPLACED =
      Map.of(
          "CHAR_LENGTH", "sheaf_char_length",
          "CHARACTER_LENGTH", "sheaf_char_length",
          "LENGTH", "sheaf_char_length",
          "SUBSTRING", "sheaf_substring",
          "POSITION", "sheaf_position",
          "LEFT", "sheaf_left",
          "RIGHT", "sheaf_right",
          "UPPER", "sheaf_upper",
          "LOWER", "sheaf_lower");

  private TextCalls() {}

  /** Registers the functions the rewritten calls name. */
  public static void register(SchemaPlus root) {
    root.add("sheaf_position", ScalarFunctionImpl.create(TextFunctions.class, "position"));
    root.add(
        "sheaf_sample",
        ScalarFunctionImpl.create(dev.sheaf.planner.exec.SampleHash.class, "sample"));
    root.add("sheaf_left", ScalarFunctionImpl.create(TextFunctions.class, "left"));
    root.add("sheaf_right", ScalarFunctionImpl.create(TextFunctions.class, "right"));
    root.add("sheaf_upper", ScalarFunctionImpl.create(TextFunctions.class, "upper"));
    root.add("sheaf_lower", ScalarFunctionImpl.create(TextFunctions.class, "lower"));
    for (var method : TextFunctions.class.getMethods()) {
      switch (method.getName()) {
        case "substring" -> root.add("sheaf_substring", ScalarFunctionImpl.create(method));
        case "length" -> root.add("sheaf_char_length", ScalarFunctionImpl.create(method));
        default -> {}
      }
    }
  }

  /**
   * The call with Sheaf's function in place of SQL's, or null when it is not one of them (or a form
   * Sheaf leaves to Calcite: {@code substring ... SIMILAR}, {@code position ... FROM}).
   */
  public static SqlCall rewrite(SqlCall call) {
    String name = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
    String replacement = REPLACED.get(name);
    if (replacement == null || !character(call)) {
      return null;
    }
    List<SqlNode> operands = call.getOperandList();
    int arity = operands.size();
    boolean supported =
        switch (name) {
          case "SUBSTRING" -> arity == 2 || arity == 3;
          case "POSITION", "LEFT", "RIGHT" -> arity == 2;
          default -> arity == 1;
        };
    if (!supported) {
      return null;
    }
    SqlParserPos position = call.getParserPosition();
    SqlUnresolvedFunction function =
        new SqlUnresolvedFunction(
            new SqlIdentifier(replacement, position),
            null,
            null,
            null,
            null,
            SqlFunctionCategory.USER_DEFINED_FUNCTION);
    return function.createCall(position, operands);
  }

  /** Function calls, not the other uses of these words. */
  private static boolean character(SqlCall call) {
    return call.getOperator() instanceof SqlFunction;
  }
}
