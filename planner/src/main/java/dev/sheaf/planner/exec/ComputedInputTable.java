package dev.sheaf.planner.exec;

import dev.sheaf.planner.schema.CalciteTypes;
import dev.sheaf.planner.schema.CalciteValues;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * The rows a computed column is computed over (new rows of an insert, a chunk of a backfill), as a
 * table Calcite can scan: the computed expression runs as {@code SELECT expr FROM input}, so every
 * scalar function SQL has works in a definition. Its rows are replaced between runs of the same
 * compiled plan.
 */
final class ComputedInputTable extends AbstractTable implements ScannableTable {
  /** The schema the table is registered under in the statement's root schema. */
  static final String SCHEMA = "$computed";

  static final String NAME = "input";

  private final List<SheafColumn> columns;
  private volatile List<Object[]> rows = List.of();

  ComputedInputTable(List<SheafColumn> columns) {
    this.columns = List.copyOf(columns);
  }

  /** The schema holding this table, to add to a statement's root schema. */
  Schema schema() {
    Map<String, Table> tables = Map.of(NAME, this);
    return new AbstractSchema() {
      @Override
      protected Map<String, Table> getTableMap() {
        return tables;
      }
    };
  }

  /** Sets the rows the next scan returns: Sheaf row values in {@link #columns} order. */
  void rows(List<Object[]> sheafRows) {
    List<Object[]> converted = new ArrayList<>(sheafRows.size());
    for (Object[] row : sheafRows) {
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = CalciteValues.toCalcite(columns.get(i).type(), row[i]);
      }
      converted.add(values);
    }
    this.rows = List.copyOf(converted);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    // every input is nullable: a row may lack a value the table requires only after the insert
    List<SheafColumn> nullable =
        columns.stream().map(c -> new SheafColumn(c.name(), c.type(), true)).toList();
    return CalciteTypes.rowType(typeFactory, nullable, false);
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows);
  }
}
