package dev.sheaf.planner.media;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * What a statement's media functions read of each column they are called on directly ({@code
 * fetch(img)}, {@code width(t.img)}), by column name in lower case: what a scan of that column can
 * fetch ahead of the calls. A call on a computed expression reads nothing ahead.
 */
public record MediaColumnReads(Map<String, Set<MediaRead>> byColumn) {
  public static final MediaColumnReads NONE = new MediaColumnReads(Map.of());

  public MediaColumnReads {
    requireNonNull(byColumn, "byColumn is null");
    Map<String, Set<MediaRead>> copy = new HashMap<>();
    byColumn.forEach((column, reads) -> copy.put(column, Set.copyOf(reads)));
    byColumn = Map.copyOf(copy);
  }

  /** The reads of a column (any case), empty when no media function is called on it. */
  public Set<MediaRead> of(String column) {
    return byColumn.getOrDefault(column.toLowerCase(Locale.ROOT), Set.of());
  }

  /** The media function calls on plain column references in a validated statement. */
  public static MediaColumnReads in(SqlNode statement) {
    Map<String, Set<MediaRead>> reads = new HashMap<>();
    statement.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            var read = MediaRead.of(call.getOperator().getName());
            int operand = MediaRead.mediaOperand(call.getOperator().getName());
            if (read.isPresent()
                && call.getOperandList().size() > operand
                && call.operand(operand) instanceof SqlIdentifier column
                && !column.isStar()) {
              reads
                  .computeIfAbsent(
                      column.names.getLast().toLowerCase(Locale.ROOT),
                      name -> EnumSet.noneOf(MediaRead.class))
                  .add(read.get());
            }
            return super.visit(call);
          }
        });
    return new MediaColumnReads(reads);
  }
}
