package dev.sheaf.planner.exec;

import dev.sheaf.spi.types.SheafType;
import java.util.List;

/**
 * What a statement will do, known without running it: whether it returns rows, the columns it
 * returns, and the types of its {@code ?} parameters.
 */
public record PreparedInfo(
    boolean returnsRows, List<ResultColumn> columns, List<SheafType> parameters) {
  public PreparedInfo {
    columns = List.copyOf(columns);
    parameters = List.copyOf(parameters);
  }
}
