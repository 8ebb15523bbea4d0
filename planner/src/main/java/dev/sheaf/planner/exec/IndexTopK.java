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
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.apache.arrow.vector.BigIntVector;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
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
 * snapshot), so every returned value and distance is computed exactly as without an index. The
 * WHERE query and the finishing statement take their values as parameters, so their plans are kept
 * between executions ({@link StatementExecutor}).
 */
final class IndexTopK {
  /** The candidates the graph search keeps unless the query says: {@code sheaf.ef-search}. */
  static final int DEFAULT_EF_SEARCH = Integer.getInteger("sheaf.ef-search", 100);

  /** The largest LIMIT an index answers; larger ones scan exactly. */
  static final int MAX_K = 10_000;

  /** The largest k whose candidates are ordered by their rank (a CASE of k branches). */
  static final int MAX_RANKED = 100;

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
   * A statement Sheaf derived from the query, its parameters numbered in the order they appear (as
   * Calcite's validator lists them), and where each one's value comes from: {@code i >= 0} the
   * query's parameter i, {@code -1 - j} the j-th candidate row id.
   */
  record Numbered(SqlNode statement, List<Integer> sources) {
    /** The values of the statement's parameters. */
    List<Object> values(List<Object> parameters, List<VectorHit> hits) {
      List<Object> values = new ArrayList<>(sources.size());
      for (int source : sources) {
        if (source >= 0) {
          values.add(parameters.get(source));
        } else {
          int candidate = -1 - source;
          values.add(candidate < hits.size() ? hits.get(candidate).rowId() : -1L);
        }
      }
      return values;
    }
  }

  /** Placeholder indexes of the candidate parameters before {@link #numbered} renumbers them. */
  private static final int CANDIDATE = 1 << 24;

  private static Numbered numbered(SqlNode statement) {
    List<Integer> sources = new ArrayList<>();
    SqlNode renumbered =
        statement.accept(
            new org.apache.calcite.sql.util.SqlShuttle() {
              @Override
              public SqlNode visit(SqlDynamicParam parameter) {
                int index = parameter.getIndex();
                sources.add(index >= CANDIDATE ? -1 - (index - CANDIDATE) : index);
                return new SqlDynamicParam(sources.size() - 1, parameter.getParserPosition());
              }
            });
    return new Numbered(renumbered, sources);
  }

  /** {@code SELECT a._rowid FROM "t@snapshot=S+rowid" AS a WHERE p}: the rows the WHERE keeps. */
  Numbered rowIdQuery(Plan plan) {
    SqlParserPos pos = SqlParserPos.ZERO;
    return numbered(
        new SqlSelect(
            pos,
            null,
            SqlNodeList.of(rowId(plan)),
            pinnedFrom(plan),
            plan.shape().select().getWhere().clone(pos),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  /**
   * The index's nearest rows of the pinned snapshot among {@code filter} (null: all), at most k;
   * null when the index cannot answer (a zero vector has no cosine distance).
   */
  List<VectorHit> search(Plan plan, List<Object> parameters, long[] filter) {
    TopKShape shape = plan.shape();
    Map<String, LongPredicate> files = indexes.sync(plan.table(), plan.snapshot(), plan.index());
    if (filter != null && filter.length == 0) {
      return List.of();
    }
    float[] query =
        shape.literalVector() != null
            ? shape.literalVector()
            : VectorValues.floats(
                vectorParameter(parameters.get(shape.vectorParameter())), shape.function());
    return indexes
        .index(plan.table(), plan.index())
        .search(
            new VectorSearch(
                query,
                shape.k(),
                plan.efSearch(),
                files,
                filter == null ? null : RowIdSet.of(filter)));
  }

  /**
   * Whether the finishing statement may order the candidates by the index's rank instead of
   * computing their distances: when nothing else reads the vector column, it is not read at all.
   */
  static boolean ranks(Plan plan) {
    TopKShape shape = plan.shape();
    if (shape.k() > MAX_RANKED) {
      return false;
    }
    boolean[] reads = {false};
    org.apache.calcite.sql.util.SqlBasicVisitor<Void> visitor =
        new org.apache.calcite.sql.util.SqlBasicVisitor<>() {
          @Override
          public Void visit(SqlIdentifier identifier) {
            String last = identifier.names.get(identifier.names.size() - 1);
            if (last.equals(shape.column()) || identifier.isStar()) {
              reads[0] = true;
            }
            return null;
          }
        };
    shape.select().getSelectList().accept(visitor);
    if (shape.select().getWhere() != null) {
      shape.select().getWhere().accept(visitor);
    }
    return !reads[0];
  }

  /**
   * The statement that finishes the query on the candidates, the same for every execution with the
   * same k (so its plan is kept): the original on the pinned snapshot with {@code AND a._rowid IN
   * (?, ...)} (the k candidates, padded with -1), ordered by the distance as written, or by the
   * candidates' rank ({@code CASE a._rowid WHEN ? THEN 0 ... END}) when {@link #ranks}.
   */
  Numbered finishing(Plan plan, boolean rank) {
    TopKShape shape = plan.shape();
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlSelect select = shape.select();
    select.setFrom(pinnedFrom(plan));
    select.setSelectList(expandStars(select.getSelectList(), plan.table(), shape.alias()));
    select.setHints(SqlNodeList.EMPTY);
    List<SqlNode> candidates = new ArrayList<>();
    for (int i = 0; i < shape.k(); i++) {
      candidates.add(rowIdParameter(CANDIDATE + i));
    }
    SqlNode kept =
        SqlStdOperatorTable.IN.createCall(pos, rowId(plan), new SqlNodeList(candidates, pos));
    select.setWhere(
        select.getWhere() == null
            ? kept
            : SqlStdOperatorTable.AND.createCall(pos, select.getWhere(), kept));
    if (rank) {
      SqlNodeList whens = new SqlNodeList(pos);
      SqlNodeList thens = new SqlNodeList(pos);
      for (int i = 0; i < shape.k(); i++) {
        whens.add(rowIdParameter(CANDIDATE + i));
        thens.add(SqlLiteral.createExactNumeric(Integer.toString(i), pos));
      }
      shape
          .statement()
          .orderList
          .set(
              0,
              SqlCase.createSwitched(
                  pos,
                  rowId(plan),
                  whens,
                  thens,
                  SqlLiteral.createExactNumeric(Integer.toString(shape.k()), pos)));
    }
    return numbered(shape.statement());
  }

  /**
   * The statement on the pinned snapshot without the index, for a query the index cannot answer.
   */
  SqlNode exact(Plan plan) {
    SqlSelect select = plan.shape().select();
    select.setFrom(pinnedFrom(plan));
    select.setSelectList(expandStars(select.getSelectList(), plan.table(), plan.shape().alias()));
    select.setHints(SqlNodeList.EMPTY);
    return plan.shape().statement();
  }

  /** {@code CAST(? AS BIGINT)}: a row id parameter, typed (CASE cannot infer it). */
  private static SqlNode rowIdParameter(int index) {
    SqlParserPos pos = SqlParserPos.ZERO;
    return SqlStdOperatorTable.CAST.createCall(
        pos,
        new SqlDynamicParam(index, pos),
        new org.apache.calcite.sql.SqlDataTypeSpec(
            new org.apache.calcite.sql.SqlBasicTypeNameSpec(
                org.apache.calcite.sql.type.SqlTypeName.BIGINT, pos),
            pos));
  }

  private static SqlNode pinnedFrom(Plan plan) {
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlIdentifier pinned =
        TableResolver.withTablePart(
            plan.shape().table(),
            TableName.of(plan.tableName())
                .withSnapshot(plan.snapshot().snapshotId())
                .withRowIdColumn()
                .toString());
    return SqlStdOperatorTable.AS.createCall(
        pos, pinned, new SqlIdentifier(plan.shape().alias(), pos));
  }

  private static SqlIdentifier rowId(Plan plan) {
    return new SqlIdentifier(
        List.of(plan.shape().alias(), IcebergSchemas.ROWID), SqlParserPos.ZERO);
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

  static long[] rowIds(StatementResult result) {
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
