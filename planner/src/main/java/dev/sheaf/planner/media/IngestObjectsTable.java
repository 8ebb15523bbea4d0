package dev.sheaf.planner.media;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.ingest.MigrationCheckpoints;
import dev.sheaf.catalog.ingest.ObjectCheckpoint;
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
 * {@code sys.ingest_objects}: each object of each media migration (INGEST MEDIA) as its checkpoint
 * says: state (PENDING, COPIED, REGISTERED, FAILED), destination, size, SHA-256, the error of a
 * failed copy and the table version its row landed in. {@code run_id} is the job's id.
 */
public final class IngestObjectsTable extends AbstractTable implements ScannableTable {
  private final SheafCatalog catalog;

  IngestObjectsTable(SheafCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("run_id", SqlTypeName.VARCHAR)
        .add("source_uri", SqlTypeName.VARCHAR)
        .add("state", SqlTypeName.VARCHAR)
        .add("destination_uri", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("size", SqlTypeName.BIGINT)
        .nullable(true)
        .add("sha256", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("error_code", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("message", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("version", SqlTypeName.BIGINT)
        .nullable(true)
        .add("updated_at", SqlTypeName.TIMESTAMP)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    MigrationCheckpoints checkpoints = catalog.ingestCheckpoints();
    List<Object[]> rows = new ArrayList<>();
    for (String run : checkpoints.runIds()) {
      for (ObjectCheckpoint object : checkpoints.objects(run, null)) {
        boolean failed = object.state() == ObjectCheckpoint.State.FAILED;
        rows.add(
            new Object[] {
              run,
              object.source(),
              object.state().name(),
              object.destination(),
              failed ? null : object.size(),
              object.sha256(),
              object.errorCode(),
              object.message(),
              object.state() == ObjectCheckpoint.State.REGISTERED ? object.tableVersion() : null,
              object.updatedAt()
            });
      }
    }
    return Linq4j.asEnumerable(rows);
  }
}
