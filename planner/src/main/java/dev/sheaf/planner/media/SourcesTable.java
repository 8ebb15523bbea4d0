package dev.sheaf.planner.media;

import dev.sheaf.catalog.sources.SourceDefinition;
import dev.sheaf.catalog.sources.SourceStore;
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
 * {@code sys.sources}: the sources CREATE SOURCE defined: name, URI, table and the credentials
 * profile's name (a name only: the server holds the secret, and no column shows it).
 */
public final class SourcesTable extends AbstractTable implements ScannableTable {
  private final SourceStore sources;

  SourcesTable(SourceStore sources) {
    this.sources = sources;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("name", SqlTypeName.VARCHAR)
        .add("uri", SqlTypeName.VARCHAR)
        .add("source_table", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("credentials", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("created_at", SqlTypeName.TIMESTAMP)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (SourceDefinition source : sources.list()) {
      rows.add(
          new Object[] {
            source.name(), source.uri(), source.table(), source.credentials(), source.createdAt()
          });
    }
    return Linq4j.asEnumerable(rows);
  }
}
