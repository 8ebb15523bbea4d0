package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.index.vector.RowIdSet;
import dev.sheaf.index.vector.VectorHit;
import dev.sheaf.index.vector.VectorSearch;
import dev.sheaf.planner.schema.TableName;
import dev.sheaf.planner.similarity.IndexDefinition;
import dev.sheaf.planner.similarity.VectorIndexes;
import dev.sheaf.planner.similarity.VectorValues;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.arrow.vector.BigIntVector;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Answers {@code ORDER BY <distance>(c, v) LIMIT k} with a vector index when one of the table's
 * indexes reads {@code c} with that distance's metric: the WHERE (if any) runs first as {@code
 * SELECT _rowid ... WHERE p} on the same snapshot, its row ids become the search's filter, the
 * index returns at most k candidate rows of that snapshot, and the statement runs again on them
 * alone ({@code ... WHERE p AND _rowid IN (candidates) ORDER BY ... LIMIT k} on the pinned
 * snapshot), so every returned value and distance is computed exactly as without an index.
 */
final class IndexTopK {
  /** The candidates the graph search keeps unless the query says: {@code sheaf.ef-search}. */
  static final int DEFAULT_EF_SEARCH = Integer.getInteger("sheaf.ef-search", 100);

  /** The largest LIMIT an index answers; larger ones scan exactly. */
  static final int MAX_K = 10_000;

  private final SheafCatalog catalog;
  private final VectorIndexes indexes;

  IndexTopK(SheafCatalog catalog, VectorIndexes indexes) {
    this.catalog = catalog;
    this.indexes = indexes;
  }

  /** How the query will run: the index that fits it, on which table and snapshot. */
  record Plan(
      TopKShape shape,
      Table table,
      String tableName,
      Snapshot snapshot,
      IndexDefinition index,
      int efSearch) {
    String explain() {
      return "SheafIndexTopK(index="
          + index.name()
          + ", metric="
          + index.metric().sqlName()
          + ", k="
          + shape.k()
          + ", ef_search="
          + efSearch
          + (shape.select().getWhere() == null ? "" : ", filtered")
          + ")";
    }
  }

  /** The index plan of a statement, or empty when it runs as it is (no shape, no fitting index). */
  Optional<Plan> plan(SqlNode statement) {
    TopKShape shape = TopKShape.of(statement);
    if (shape == null || shape.k() > MAX_K) {
      // a very large k is a sort of the whole table: the exact scan does that better
      return Optional.empty();
    }
    TableName name;
    TableResolver resolver;
    try {
      resolver = TableResolver.of(shape.table());
      name = TableName.parse(resolver.table());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (name.systemTable() != null || name.withRowId()) {
      return Optional.empty();
    }
    Optional<Table> found = catalog.findTable(resolver.schema(), name.table());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Table table = found.get();
    Optional<IndexDefinition> index =
        IndexDefinition.of(table).stream()
            .filter(
                d ->
                    d.column().equals(shape.column())
                        && d.metric().distanceFunction().equals(shape.function())
                        && d.metric().descending() == shape.descending())
            .findFirst();
    if (index.isEmpty()) {
      return Optional.empty();
    }
    Snapshot snapshot;
    if (name.snapshotId() != null) {
      snapshot = table.snapshot(name.snapshotId());
    } else if (name.branch() != null) {
      snapshot = table.snapshot(name.branch());
    } else {
      snapshot = table.currentSnapshot();
    }
    if (snapshot == null) {
      return Optional.empty();
    }
    int efSearch =
        Math.max(shape.k(), shape.efSearch() == null ? DEFAULT_EF_SEARCH : shape.efSearch());
    return Optional.of(new Plan(shape, table, name.table(), snapshot, index.get(), efSearch));
  }

  /**
   * The statement to run in place of the original: the original reading only the index's candidates
   * of the pinned snapshot. {@code rows} runs a query node with parameters.
   */
  SqlNode rewrite(
      Plan plan, List<Object> parameters, BiFunction<SqlNode, List<Object>, StatementResult> rows) {
    TopKShape shape = plan.shape();
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlIdentifier pinned =
        TableResolver.withTablePart(
            shape.table(),
            TableName.of(plan.tableName())
                .withSnapshot(plan.snapshot().snapshotId())
                .withRowIdColumn()
                .toString());
    SqlNode from =
        SqlStdOperatorTable.AS.createCall(pos, pinned, new SqlIdentifier(shape.alias(), pos));
    SqlIdentifier rowId = new SqlIdentifier(List.of(shape.alias(), IcebergSchemas.ROWID), pos);
    Set<String> files = indexes.sync(plan.table(), plan.snapshot(), plan.index());
    RowIdSet filter = null;
    SqlNode where = shape.select().getWhere();
    if (where != null) {
      SqlSelect matching =
          new SqlSelect(
              pos,
              null,
              SqlNodeList.of(rowId),
              from.clone(pos),
              where.clone(pos),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null);
      filter =
          RowIdSet.of(rowIds(rows.apply(matching, parameters.subList(0, shape.whereParameters()))));
    }
    float[] query =
        shape.literalVector() != null
            ? shape.literalVector()
            : VectorValues.floats(
                vectorParameter(parameters.get(shape.vectorParameter())), shape.function());
    List<VectorHit> hits =
        filter != null && filter.size() == 0
            ? List.of()
            : indexes
                .index(plan.table(), plan.index())
                .search(new VectorSearch(query, shape.k(), plan.efSearch(), files, filter));
    SqlSelect select = shape.select();
    select.setFrom(from);
    select.setSelectList(expandStars(select.getSelectList(), plan.table(), shape.alias()));
    select.setHints(SqlNodeList.EMPTY);
    if (hits == null) {
      // the index cannot answer (a zero query vector): read the pinned snapshot exactly
      return shape.statement();
    }
    SqlNode candidates;
    if (hits.isEmpty()) {
      candidates = SqlLiteral.createBoolean(false, pos);
    } else {
      List<SqlNode> ids = new ArrayList<>();
      for (VectorHit hit : hits) {
        ids.add(SqlLiteral.createExactNumeric(Long.toString(hit.rowId()), pos));
      }
      candidates =
          SqlStdOperatorTable.IN.createCall(pos, rowId.clone(pos), new SqlNodeList(ids, pos));
    }
    select.setWhere(
        select.getWhere() == null
            ? candidates
            : SqlStdOperatorTable.AND.createCall(pos, select.getWhere(), candidates));
    return shape.statement();
  }

  private static List<?> vectorParameter(Object value) {
    if (value instanceof float[] floats) {
      List<Float> list = new ArrayList<>(floats.length);
      for (float f : floats) {
        list.add(f);
      }
      return list;
    }
    if (value instanceof double[] doubles) {
      List<Double> list = new ArrayList<>(doubles.length);
      for (double d : doubles) {
        list.add(d);
      }
      return list;
    }
    if (value instanceof List<?> list) {
      return list;
    }
    throw dev.sheaf.spi.error.SheafException.of(
        dev.sheaf.spi.error.ErrorCode.TYPE_MISMATCH,
        "Cannot search with a query vector of type %s: bind a list of numbers",
        value == null ? "NULL" : value.getClass().getSimpleName());
  }

  /** {@code *} and {@code alias.*} as the table's visible columns (the view also has _rowid). */
  private static SqlNodeList expandStars(SqlNodeList items, Table table, String alias) {
    SqlNodeList expanded = new SqlNodeList(items.getParserPosition());
    for (SqlNode item : items) {
      if (item instanceof SqlIdentifier identifier && identifier.isStar()) {
        for (SheafColumn column : IcebergSchemas.columns(table.schema())) {
          expanded.add(new SqlIdentifier(List.of(alias, column.name()), SqlParserPos.ZERO));
        }
      } else {
        expanded.add(item);
      }
    }
    return expanded;
  }

  private static long[] rowIds(StatementResult result) {
    try (result) {
      List<Long> ids = new ArrayList<>();
      var root = result.rows().getVectorSchemaRoot();
      while (result.rows().loadNextBatch()) {
        BigIntVector vector = (BigIntVector) root.getVector(0);
        for (int i = 0; i < root.getRowCount(); i++) {
          ids.add(vector.get(i));
        }
      }
      return ids.stream().mapToLong(Long::longValue).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
