package dev.sheaf.planner.media;

import dev.sheaf.catalog.provenance.EntryFilter;
import dev.sheaf.catalog.provenance.ProvenanceEntry;
import dev.sheaf.catalog.provenance.ProvenanceRun;
import dev.sheaf.catalog.provenance.ProvenanceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.FilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code sys.provenance}: where each row and media object came from: the run (and its kind and
 * source), the table and row key it landed as, the object's source and destination, its size and
 * SHA-256, and the table version it landed in. Equality filters on {@code run_id}, {@code
 * table_schema}, {@code table_name}, {@code row_key} and {@code destination_uri} are answered by
 * the catalog database's indexes, so looking up one row does not read them all.
 */
public final class ProvenanceTable extends AbstractTable implements FilterableTable {
  /** Rows one query reads at most; a filter narrows a larger history. */
  static final int MAX_ROWS = 10_000_000;

  private static final int RUN_ID = 0;
  private static final int SCHEMA = 3;
  private static final int TABLE = 4;
  private static final int ROW_KEY = 5;
  private static final int DESTINATION = 7;

  private final ProvenanceStore provenance;

  ProvenanceTable(ProvenanceStore provenance) {
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
        .add("row_key", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("source_uri", SqlTypeName.VARCHAR)
        .add("destination_uri", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("size", SqlTypeName.BIGINT)
        .nullable(true)
        .add("sha256", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("version", SqlTypeName.BIGINT)
        .nullable(true)
        .add("recorded_at", SqlTypeName.TIMESTAMP)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters) {
    Map<Integer, String> equal = new HashMap<>();
    for (Iterator<RexNode> it = filters.iterator(); it.hasNext(); ) {
      if (takeEquality(it.next(), equal)) {
        it.remove();
      }
    }
    EntryFilter filter =
        new EntryFilter(
            equal.get(RUN_ID),
            equal.get(SCHEMA),
            equal.get(TABLE),
            equal.get(ROW_KEY),
            equal.get(DESTINATION));
    Map<String, ProvenanceRun> runs = new HashMap<>();
    for (ProvenanceRun run : provenance.runs()) {
      runs.put(run.runId(), run);
    }
    List<Object[]> rows = new ArrayList<>();
    for (ProvenanceEntry entry : provenance.entries(filter, MAX_ROWS)) {
      ProvenanceRun run = runs.get(entry.runId());
      rows.add(
          new Object[] {
            entry.runId(),
            run == null ? null : run.kind(),
            run == null ? null : run.source(),
            entry.schema(),
            entry.table(),
            entry.rowKey(),
            entry.sourceUri(),
            entry.destinationUri(),
            entry.size(),
            entry.sha256(),
            entry.snapshotId(),
            entry.recordedAt()
          });
    }
    return Linq4j.asEnumerable(rows);
  }

  /** Takes {@code column = 'text'} on a filterable column into {@code equal}; false otherwise. */
  private static boolean takeEquality(RexNode filter, Map<Integer, String> equal) {
    if (!(filter instanceof RexCall call) || call.getKind() != SqlKind.EQUALS) {
      return false;
    }
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    if (left instanceof RexLiteral) {
      RexNode swap = left;
      left = right;
      right = swap;
    }
    if (!(left instanceof RexInputRef ref) || !(right instanceof RexLiteral literal)) {
      return false;
    }
    int column = ref.getIndex();
    boolean filterable =
        column == RUN_ID
            || column == SCHEMA
            || column == TABLE
            || column == ROW_KEY
            || column == DESTINATION;
    String value = literal.getValueAs(String.class);
    if (!filterable || value == null || equal.containsKey(column)) {
      return false;
    }
    equal.put(column, value);
    return true;
  }
}
