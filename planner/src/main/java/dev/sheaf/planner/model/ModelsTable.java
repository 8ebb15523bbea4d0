package dev.sheaf.planner.model;

import dev.sheaf.compute.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code sys.models} (and {@code SHOW MODELS}): every model statements can call, built in first:
 * name, task, source ({@code builtin:minilm} or the path CREATE MODEL gave), options as {@code
 * key=value} pairs joined by ", ", and whether it is built in.
 */
public final class ModelsTable extends AbstractTable implements ScannableTable {
  private final Models models;

  public ModelsTable(Models models) {
    this.models = models;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("name", SqlTypeName.VARCHAR)
        .add("task", SqlTypeName.VARCHAR)
        .add("source", SqlTypeName.VARCHAR)
        .add("options", SqlTypeName.VARCHAR)
        .add("builtin", SqlTypeName.BOOLEAN)
        .build();
  }

  /** The rows, in the columns' order. */
  public static List<Object[]> rows(Models models) {
    List<Object[]> rows = new ArrayList<>();
    for (ModelSpec spec : models.all()) {
      List<String> options = new ArrayList<>();
      spec.options().forEach((key, value) -> options.add(key + "=" + value));
      rows.add(
          new Object[] {
            spec.name(),
            spec.task().sqlName(),
            spec.source(),
            String.join(", ", options),
            spec.builtin()
          });
    }
    return rows;
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows(models));
  }
}
