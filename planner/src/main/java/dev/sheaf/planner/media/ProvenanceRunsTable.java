package dev.sheaf.planner.media;

import dev.sheaf.catalog.provenance.ProvenanceRun;
import dev.sheaf.catalog.provenance.ProvenanceStore;
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
 * {@code sys.provenance_runs}: every ingest and sync run in the catalog: what it read, which table
 * it wrote, the table version its rows landed in, its counts and how it ended.
 */
public final class ProvenanceRunsTable extends AbstractTable implements ScannableTable {
  private final ProvenanceStore provenance;

  ProvenanceRunsTable(ProvenanceStore provenance) {
    this.provenance = provenance;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("run_id", SqlTypeName.VARCHAR)
        .add("kind", SqlTypeName.VARCHAR)
        .add("source", SqlTypeName.VARCHAR)
        .add("table_schema", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("table_name", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("state", SqlTypeName.VARCHAR)
        .add("version", SqlTypeName.BIGINT)
        .nullable(true)
        .add("items", SqlTypeName.BIGINT)
        .add("bytes", SqlTypeName.BIGINT)
        .add("errors", SqlTypeName.BIGINT)
        .add("message", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("started_at", SqlTypeName.TIMESTAMP)
        .add("finished_at", SqlTypeName.TIMESTAMP)
        .nullable(true)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (ProvenanceRun run : provenance.runs()) {
      rows.add(
          new Object[] {
            run.runId(),
            run.kind(),
            run.source(),
            run.schema(),
            run.table(),
            run.state().name(),
            run.snapshotId(),
            run.items(),
            run.bytes(),
            run.errors(),
            run.message(),
            run.startedAt(),
            run.finishedAt()
          });
    }
    return Linq4j.asEnumerable(rows);
  }
}
