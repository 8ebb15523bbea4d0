package dev.sheaf.planner.media;

import dev.sheaf.spi.types.SheafColumn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.util.BitString;

/**
 * The binary literals of {@code INSERT INTO t (img) VALUES (X'...')} (and of {@code UPDATE t SET
 * img = X'...'}) that go into media columns. A media column is character-typed to Calcite, which
 * turns such a literal into its hex text while planning the VALUES; the statement takes the bytes
 * from here instead (VALUES rows keep their order), and writes them to the media destination as
 * bulk ingest does.
 */
public final class MediaValueBytes {
  /** The row index of an UPDATE's values: they go to every row it changes. */
  private static final long EVERY_ROW = -1;

  private final Map<Long, byte[]> cells;
  private final int width;

  private MediaValueBytes(Map<Long, byte[]> cells, int width) {
    this.cells = cells;
    this.width = width;
  }

  /**
   * The media-column binary literals of an INSERT ... VALUES or an UPDATE; none for any other
   * statement.
   */
  public static MediaValueBytes of(SqlNode statement, List<SheafColumn> userColumns) {
    Map<Long, byte[]> cells = new HashMap<>();
    if (statement instanceof SqlInsert insert
        && insert.getSource().getKind() == SqlKind.VALUES
        && insert.getSource() instanceof SqlCall values) {
      int[] targets = targets(insert.getTargetColumnList(), userColumns);
      List<SqlNode> rows = values.getOperandList();
      for (int r = 0; r < rows.size(); r++) {
        if (!(rows.get(r) instanceof SqlBasicCall row) || row.getKind() != SqlKind.ROW) {
          continue;
        }
        List<SqlNode> operands = row.getOperandList();
        for (int i = 0; i < operands.size() && i < targets.length; i++) {
          int column = targets[i];
          if (column >= 0
              && userColumns.get(column).type().isMedia()
              && uncast(operands.get(i)) instanceof SqlLiteral literal
              && literal.getValue() instanceof BitString bits) {
            cells.put((long) r * userColumns.size() + column, bits.getAsByteArray());
          }
        }
      }
    }
    if (statement instanceof SqlUpdate update) {
      int[] targets = targets(update.getTargetColumnList(), userColumns);
      List<SqlNode> sources = update.getSourceExpressionList().getList();
      for (int i = 0; i < sources.size() && i < targets.length; i++) {
        int column = targets[i];
        if (column >= 0
            && userColumns.get(column).type().isMedia()
            && uncast(sources.get(i)) instanceof SqlLiteral literal
            && literal.getValue() instanceof BitString bits) {
          cells.put(EVERY_ROW * userColumns.size() + column, bits.getAsByteArray());
        }
      }
    }
    return new MediaValueBytes(cells, userColumns.size());
  }

  /** Puts the bytes back into a VALUES row's media cells (index {@code row} of the statement). */
  public void restore(int row, Object[] values) {
    if (cells.isEmpty()) {
      return;
    }
    for (int column = 0; column < values.length; column++) {
      byte[] bytes = cells.get((long) row * width + column);
      if (bytes == null) {
        bytes = cells.get(EVERY_ROW * width + column);
      }
      if (bytes != null) {
        values[column] = bytes;
      }
    }
  }

  /** The operand under the casts the validator wraps around a value to fit its column. */
  private static SqlNode uncast(SqlNode node) {
    SqlNode inner = node;
    while (inner instanceof SqlCall call
        && call.getKind() == SqlKind.CAST
        && !call.getOperandList().isEmpty()) {
      inner = call.getOperandList().get(0);
    }
    return inner;
  }

  private static int[] targets(SqlNodeList targetColumns, List<SheafColumn> userColumns) {
    if (targetColumns == null) {
      int[] all = new int[userColumns.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] targets = new int[targetColumns.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = -1;
      if (targetColumns.get(i) instanceof SqlIdentifier identifier) {
        String name = identifier.names.get(identifier.names.size() - 1);
        for (int c = 0; c < userColumns.size(); c++) {
          if (userColumns.get(c).name().equalsIgnoreCase(name)) {
            targets[i] = c;
          }
        }
      }
    }
    return targets;
  }
}
