package dev.sheaf.planner.similarity;

import dev.sheaf.catalog.SheafCatalog;
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
 * {@code sys.indexes}: every index of every table in the catalog, as CREATE INDEX defined it
 * (method HNSW with metric, m, ef_construction and quantization, or FULLTEXT with its analyzer).
 */
public final class IndexesTable extends AbstractTable implements ScannableTable {
  private final SheafCatalog catalog;

  public IndexesTable(SheafCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("table_schema", SqlTypeName.VARCHAR)
        .add("table_name", SqlTypeName.VARCHAR)
        .add("index_name", SqlTypeName.VARCHAR)
        .add("column_name", SqlTypeName.VARCHAR)
        .add("method", SqlTypeName.VARCHAR)
        .add("metric", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("m", SqlTypeName.INTEGER)
        .nullable(true)
        .add("ef_construction", SqlTypeName.INTEGER)
        .nullable(true)
        .add("analyzer", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("quantization", SqlTypeName.VARCHAR)
        .nullable(true)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (String schema : catalog.schemas()) {
      for (String name : catalog.tables(schema)) {
        catalog
            .findTable(schema, name)
            .ifPresent(
                table -> {
                  for (IndexDefinition index : IndexDefinition.of(table)) {
                    rows.add(
                        new Object[] {
                          schema,
                          name,
                          index.name(),
                          index.column(),
                          index.method().name(),
                          index.isFullText() ? null : index.metric().sqlName(),
                          index.isFullText() ? null : index.m(),
                          index.isFullText() ? null : index.efConstruction(),
                          index.isFullText() ? index.analyzer().sqlName() : null,
                          index.isFullText() ? null : index.quantization().sqlName()
                        });
                  }
                });
      }
    }
    return Linq4j.asEnumerable(rows);
  }
}
