package dev.sheaf.planner.media;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * The image function calls of a validated statement that a scan can compute ahead of the row engine
 * ({@link ImageWork}): calls on a plain column whose other arguments are constants ({@code
 * to_tensor(img, 224, 224)}, {@code resize(t.img, 64, 64)}), by column name in lower case.
 */
public record ImageCallsAhead(Map<String, List<Call>> byColumn) {
  public static final ImageCallsAhead NONE = new ImageCallsAhead(Map.of());

  private static final Set<String> FUNCTIONS =
      Set.of("image_mode", "resize", "crop", "rotate", "convert", "encode", "to_tensor");

  /** One call: the function's name and its constant arguments after the image. */
  public record Call(String function, List<Object> arguments) {
    public Call {
      requireNonNull(function, "function is null");
      arguments = List.copyOf(arguments);
    }
  }

  public ImageCallsAhead {
    Map<String, List<Call>> copy = new HashMap<>();
    byColumn.forEach((column, calls) -> copy.put(column, List.copyOf(calls)));
    byColumn = Map.copyOf(copy);
  }

  /** The calls on a column (any case), empty when none. */
  public List<Call> of(String column) {
    return byColumn.getOrDefault(column.toLowerCase(Locale.ROOT), List.of());
  }

  public boolean isEmpty() {
    return byColumn.isEmpty();
  }

  public static ImageCallsAhead in(SqlNode statement) {
    Map<String, List<Call>> calls = new HashMap<>();
    statement.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
            if (FUNCTIONS.contains(name)
                && call.operandCount() > 0
                && call.operand(0) instanceof SqlIdentifier column
                && !column.isStar()) {
              List<Object> arguments = constants(call);
              if (arguments != null) {
                List<Call> list =
                    calls.computeIfAbsent(
                        column.names.getLast().toLowerCase(Locale.ROOT), c -> new ArrayList<>());
                Call found = new Call(name, arguments);
                if (!list.contains(found)) {
                  list.add(found);
                }
              }
            }
            return super.visit(call);
          }
        });
    return new ImageCallsAhead(calls);
  }

  /** The constant arguments after the first, or null when one is not a constant. */
  private static List<Object> constants(SqlCall call) {
    List<Object> values = new ArrayList<>();
    for (int i = 1; i < call.operandCount(); i++) {
      SqlNode operand = call.operand(i);
      if (operand instanceof SqlNumericLiteral number && number.isInteger()) {
        values.add(number.intValue(true));
      } else if (operand instanceof SqlCharStringLiteral text) {
        values.add(text.getValueAs(String.class));
      } else {
        return null;
      }
    }
    return values;
  }
}
