package dev.sheaf.planner.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * Keeps VARBINARY values headed for a media column as bytes. A media column is character-typed to
 * Calcite, so {@code INSERT INTO t (img) SELECT b FROM raw} (b VARBINARY) plans {@code CAST(b AS
 * VARCHAR)}, which would store the bytes' hex text as a URI; this drops that cast from the
 * statement's top projection, so the statement sees the bytes and writes them to the media
 * destination ({@link MediaPinning#storageRow}).
 */
public final class MediaBytesInput {
  private MediaBytesInput() {}

  /**
   * The DML input with binary-to-character casts removed from the fields in {@code mediaFields}
   * (the input fields that feed media columns); the input itself when there are none.
   */
  public static RelNode keepBytes(RelNode input, Set<Integer> mediaFields) {
    if (!(input instanceof LogicalProject project) || mediaFields.isEmpty()) {
      return input;
    }
    List<RexNode> expressions = new ArrayList<>(project.getProjects());
    boolean changed = false;
    for (int field : mediaFields) {
      if (field < expressions.size() && isBinaryCast(expressions.get(field))) {
        expressions.set(field, ((RexCall) expressions.get(field)).getOperands().get(0));
        changed = true;
      }
    }
    if (!changed) {
      return input;
    }
    return LogicalProject.create(
        project.getInput(),
        project.getHints(),
        expressions,
        project.getRowType().getFieldNames(),
        project.getVariablesSet());
  }

  private static boolean isBinaryCast(RexNode expression) {
    return expression.getKind() == SqlKind.CAST
        && expression instanceof RexCall call
        && call.getOperands().get(0).getType().getSqlTypeName().getFamily() == SqlTypeFamily.BINARY;
  }
}
