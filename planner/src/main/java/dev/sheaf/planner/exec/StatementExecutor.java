package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.planner.media.MediaOnError;
import dev.sheaf.planner.media.WrittenMediaCleanup;
import dev.sheaf.planner.model.Models;
import dev.sheaf.planner.parser.SqlAlterTable;
import dev.sheaf.planner.result.KeptResult;
import dev.sheaf.planner.result.KeptResults;
import dev.sheaf.planner.schema.CalciteTypes;
import dev.sheaf.planner.similarity.VectorIndexes;
import dev.sheaf.planner.vector.RowWindow;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.iceberg.Table;

/**
 * Routes a statement to DDL, DML, EXPLAIN or query execution, and maps failures to Sheaf errors.
 */
public final class StatementExecutor {
  /**
   * How many compiled queries {@link PlanCache} keeps: 256, or the system property {@code
   * sheaf.plan-cache-size} (0 turns the cache off, to compare).
   */
  static final int PLAN_CACHE_SIZE = Integer.getInteger("sheaf.plan-cache-size", 256);

  private final SheafCatalog catalog;
  private final BufferAllocator allocator;
  private final QueryRunner queries;
  private final DmlRunner dml;
  private final DdlRunner ddl;
  private final MetadataRunner metadata;
  private final DatasetRunner datasets;
  private final MediaStores media;
  private final Models models;
  private final KeptResults keptResults;
  private final PlanCache plans = new PlanCache(PLAN_CACHE_SIZE);
  private final BackfillJobs jobs;

  private final VectorIndexes indexes;
  private final IndexTopK indexTopK;
  private final TextFilter textFilter;
  private final ViewDefinitions views;
  private final MediaIngestStatement ingestMedia;
  private final SyncStatement sync;

  public StatementExecutor(
      SheafCatalog catalog,
      BufferAllocator allocator,
      MediaStores media,
      Models models,
      KeptResults keptResults,
      VectorIndexes indexes) {
    this.indexes = indexes;
    this.indexTopK = new IndexTopK(catalog, indexes);
    this.textFilter = new TextFilter(catalog, indexes);
    this.catalog = catalog;
    this.models = models;
    this.keptResults = keptResults;
    this.allocator = allocator;
    this.media = media;
    TableWrites writes = new TableWrites(catalog);
    this.queries = new QueryRunner(allocator);
    ComputedEvaluator.Scope scope = new ComputedEvaluator.Scope(catalog, allocator, media, models);
    writes.completer(new ComputedCompleter(scope));
    this.views =
        new ViewDefinitions(
            catalog,
            allocator,
            media,
            models,
            new dev.sheaf.planner.views.IteratorViews(
                catalog, writes, media, new ComputedCompleter(scope)),
            this::runDdl);
    this.jobs =
        new BackfillJobs(catalog, writes, scope, BackfillSettings.fromSystemProperties(), indexes);
    this.dml = new DmlRunner(writes, media, scope);
    this.ddl =
        new DdlRunner(
            catalog,
            writes,
            queries,
            new WrittenMediaCleanup(media, catalog),
            scope,
            jobs,
            models,
            indexes,
            views);
    this.metadata = new MetadataRunner(catalog, allocator, models);
    this.datasets = new DatasetRunner(catalog, allocator);
    this.ingestMedia = new MediaIngestStatement(allocator, jobs);
    jobs.mediaIngest(
        new MediaIngestJobs(
            catalog,
            media,
            new IngestRegistrar(
                catalog,
                (sql, rows) -> executeBatch(sql, rows, new AtomicBoolean(), MediaOnError.NULL)),
            dev.sheaf.catalog.ingest.MigrationSettings.defaults()));
    this.sync =
        new SyncStatement(
            new dev.sheaf.planner.sync.TableSync(
                catalog,
                writes,
                media,
                allocator,
                dev.sheaf.catalog.sources.SourceProfiles.fromEnvironment()),
            allocator);
  }

  /** Runs a DDL statement Sheaf wrote (an iterator view's payload column). */
  private void runDdl(String sql) {
    StatementContext context = new StatementContext(catalog, allocator, null, media, models);
    ddl.run(context, context.parse(sql), sql, new AtomicBoolean());
  }

  /**
   * Validates a statement; a write whose target is not found because it names a view says that
   * views are read-only.
   */
  private SqlNode validate(StatementContext context, SqlNode parsed, SqlNode rewritten) {
    try {
      return context.validate(rewritten);
    } catch (SheafException e) {
      SqlNode target =
          switch (parsed) {
            case org.apache.calcite.sql.SqlInsert insert -> insert.getTargetTable();
            case org.apache.calcite.sql.SqlUpdate update -> update.getTargetTable();
            case org.apache.calcite.sql.SqlDelete delete -> delete.getTargetTable();
            case org.apache.calcite.sql.SqlMerge merge -> merge.getTargetTable();
            default -> null;
          };
      if (e.code() == ErrorCode.TABLE_NOT_FOUND
          && target instanceof org.apache.calcite.sql.SqlIdentifier identifier) {
        TableResolver name = TableResolver.of(identifier);
        String table = dev.sheaf.planner.schema.TableName.parse(name.table()).table();
        if (catalog.views().find(name.schema(), table).isPresent()) {
          throw SheafException.of(
              ErrorCode.NOT_SUPPORTED,
              "Cannot write to view %s: views are read-only (write its base table)",
              table);
        }
      }
      throw e;
    }
  }

  /** A rewriter that checks each view it expands against the view's stored columns. */
  private StatementRewriter rewriter() {
    return new StatementRewriter(catalog, views);
  }

  /** Where SYNC TABLE finds the credentials profiles sources name. */
  public void sourceProfiles(dev.sheaf.catalog.sources.SourceProfiles profiles) {
    sync.sourceProfiles(profiles);
  }

  /** The backfill jobs of computed columns. */
  public BackfillJobs jobs() {
    return jobs;
  }

  /** Plans a statement without running it: result columns and parameter types. */
  public PreparedInfo prepare(String sql) {
    return translating(
        () -> {
          PlanCache.Key key = PlanCache.Key.of(sql, null, List.of());
          PlanCache.Plan cached = plans.get(key, catalog);
          if (cached != null) {
            return new PreparedInfo(
                true, cached.query().columns(), parameterTypes(cached.context()));
          }
          StatementContext context = new StatementContext(catalog, allocator, null, media, models);
          SqlNode parsed = context.parse(sql);
          if (DatasetRunner.handles(parsed)) {
            List<ResultColumn> columns = DatasetRunner.columns(parsed);
            return new PreparedInfo(!columns.isEmpty(), columns, List.of());
          }
          if (DdlRunner.isDdl(parsed)) {
            return new PreparedInfo(false, List.of(), List.of());
          }
          if (parsed instanceof dev.sheaf.planner.parser.SqlIngestMedia) {
            return new PreparedInfo(true, MediaIngestStatement.COLUMNS, List.of());
          }
          if (MetadataRunner.handles(parsed)) {
            return new PreparedInfo(true, MetadataRunner.columns(parsed), List.of());
          }
          if (parsed instanceof dev.sheaf.planner.parser.SqlSyncTable) {
            return new PreparedInfo(true, SyncStatement.COLUMNS, List.of());
          }
          if (parsed instanceof SqlExplain) {
            return new PreparedInfo(
                true,
                List.of(new ResultColumn("plan", SheafType.of(TypeKind.VARCHAR), false)),
                List.of());
          }
          StatementRewriter rewriter = rewriter();
          SqlNode rewritten = rewriter.rewrite(parsed);
          computeQueryVector(rewritten, new AtomicBoolean());
          // a query an index answers is planned per execution (its candidates or the rows a
          // text_match filter keeps), never kept
          boolean filtered = textFilter.rewrite(rewritten);
          boolean indexed = filtered || indexTopK.plan(rewritten).isPresent();
          SqlNode validated = validate(context, parsed, rewritten);
          List<SheafType> parameters = parameterTypes(context);
          if (validated.getKind().belongsTo(SqlKind.DML)) {
            return new PreparedInfo(false, List.of(), parameters);
          }
          // the plan is kept: the execution that follows (DoGet after GetFlightInfo) reuses it
          QueryRunner.CompiledQuery query = queries.compile(context, validated);
          if (rewriter.readsViews()) {
            context.readsViews();
          }
          if (!indexed) {
            cache(key, context, query);
          }
          return new PreparedInfo(true, query.columns(), parameters);
        });
  }

  private static List<SheafType> parameterTypes(StatementContext context) {
    List<SheafType> parameters = new ArrayList<>();
    RelDataType parameterRow = context.parameterRowType();
    if (parameterRow != null) {
      parameterRow
          .getFieldList()
          .forEach(field -> parameters.add(CalciteTypes.sheafType(field.getType())));
    }
    return parameters;
  }

  /**
   * Keeps a compiled query for its next execution, unless it reads media (pinned per run) or calls
   * a model.
   */
  private void cache(PlanCache.Key key, StatementContext context, QueryRunner.CompiledQuery query) {
    if (!context.usesMedia() && !context.usesModels() && !context.readViews()) {
      plans.put(key, new PlanCache.Plan(context, query, context.tablesRead()));
    }
  }

  /**
   * Plans a query to be read as {@code partitions} disjoint parts. A query that splits at its table
   * scan (projections, filters and scalar functions over one table, no LIMIT; {@link ScanSplit}) is
   * pinned to the table's snapshot and read in row windows with {@link #executePartition}. Any
   * other query (sorted, aggregated, joined) asked for more than one partition is computed now and
   * its result kept ({@link KeptResults}), to be read in row ranges with {@link #executeKept};
   * asked for one, it gets a plan without pin or result (read it whole).
   */
  public PartitionPlan partition(
      String sql, int partitions, AtomicBoolean cancel, MediaOnError onError) {
    return translating(
        () -> {
          StatementContext context = new StatementContext(catalog, allocator, null, media, models);
          SqlNode validated = queryNode(context, sql);
          QueryRunner.CompiledQuery query = queries.compile(context, validated);
          if (!query.splits()) {
            if (partitions == 1) {
              return new PartitionPlan(query.columns(), null, -1, 1);
            }
            // computed once, kept, and read in row ranges: the partitions keep its order
            mediaOnError(context, onError);
            StatementResult whole = queries.run(context, query, List.of(), cancel);
            KeptResult kept = keptResults.keep(whole.rows(), cancel);
            return new PartitionPlan(query.columns(), null, -1, partitions, kept);
          }
          var table = query.splitTable();
          String[] name = table.iceberg().name().split("\\.");
          TablePin pin =
              new TablePin(
                  name[name.length - 2], name[name.length - 1], table.snapshot().snapshotId());
          return new PartitionPlan(
              query.columns(), pin, table.snapshot().sequenceNumber(), partitions);
        });
  }

  /** Reads one partition of a query planned by {@link #partition}. */
  public StatementResult executePartition(
      String sql, TablePin pin, RowWindow window, AtomicBoolean cancel, MediaOnError onError) {
    return translating(
        () -> {
          // every worker of every epoch asks for its partitions again: the plan of the pinned
          // query is kept, like any other (the pin is part of the key; the window is not, it
          // travels in the statement's context)
          PlanCache.Key key = PlanCache.Key.of(sql, pin, List.of());
          PlanCache.Plan cached = plans.get(key, catalog);
          StatementContext context;
          QueryRunner.CompiledQuery query;
          if (cached != null) {
            context = cached.context();
            query = cached.query();
          } else {
            context = new StatementContext(catalog, allocator, pin, media, models);
            query = queries.compile(context, queryNode(context, sql));
            cache(key, context, query);
          }
          if (!query.splits()) {
            throw SheafException.of(
                ErrorCode.INVALID_ARGUMENT,
                "Cannot read partition %d of %d: the query does not split at a table scan (read"
                    + " it whole, or plan it again for a kept result)",
                window.index(),
                window.count());
          }
          mediaOnError(context, onError);
          return queries.runWindow(context, query, window, cancel);
        });
  }

  /** Reads partition {@code index} of {@code count} of a kept result, in the result's order. */
  public StatementResult executeKept(String resultId, RowWindow window) {
    return translating(
        () -> {
          KeptResult kept = keptResults.find(resultId);
          long first = kept == null ? 0 : kept.first(window.index(), window.count());
          long end = kept == null ? 0 : kept.first(window.index() + 1, window.count());
          return new StatementResult(keptResults.read(resultId, first, end), -1);
        });
  }

  private SqlNode queryNode(StatementContext context, String sql) {
    SqlNode parsed = context.parse(sql);
    if (DdlRunner.isDdl(parsed)
        || DatasetRunner.handles(parsed)
        || MetadataRunner.handles(parsed)
        || parsed instanceof dev.sheaf.planner.parser.SqlIngestMedia
        || parsed instanceof dev.sheaf.planner.parser.SqlSyncTable
        || parsed instanceof SqlExplain
        || parsed.getKind().belongsTo(SqlKind.DML)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot partition the statement: only queries are partitioned");
    }
    StatementRewriter rewriter = rewriter();
    SqlNode rewritten = rewriter.rewrite(parsed);
    if (rewriter.readsViews()) {
      context.readsViews();
    }
    return context.validate(rewritten);
  }

  public StatementResult execute(
      String sql, List<Object> parameters, AtomicBoolean cancel, MediaOnError onError) {
    return translating(() -> run(sql, parameters, cancel, onError));
  }

  /**
   * Runs a statement once per parameter row. INSERT, UPDATE, DELETE and MERGE make one version for
   * all of the rows (one statement, one version); any other statement runs once per row. Returns
   * the sum of the update counts.
   */
  public long executeBatch(
      String sql, List<List<Object>> parameterRows, AtomicBoolean cancel, MediaOnError onError) {
    return translating(
        () -> {
          if (parameterRows.size() > 1) {
            StatementContext context =
                new StatementContext(catalog, allocator, null, media, models);
            SqlNode parsed = context.parse(sql);
            if (parsed.getKind().belongsTo(SqlKind.DML)) {
              SqlNode validated = context.validate(rewriter().rewrite(parsed));
              List<List<Object>> bound = new ArrayList<>();
              List<List<Long>> micros = new ArrayList<>();
              for (List<Object> row : parameterRows) {
                bound.add(ParameterValues.bind(context.parameterRowType(), row));
                micros.add(ParameterValues.micros(context.parameterRowType(), row));
              }
              mediaOnError(context, onError);
              long count = dml.runBatch(context, validated, bound, micros, cancel);
              indexAfterWrite(validated);
              return count;
            }
          }
          long count = 0;
          for (List<Object> row : parameterRows.isEmpty() ? List.of(List.of()) : parameterRows) {
            try (StatementResult result = run(sql, row, cancel, onError)) {
              if (result.isQuery()) {
                throw SheafException.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "Cannot run a query as an update: it returns rows (execute it as a query)");
              }
              count += Math.max(0, result.updateCount());
            }
          }
          return count;
        });
  }

  /**
   * Sets what a statement's media functions do when a cell fails. Only statements that call media
   * functions read it, and their contexts are never shared (never cached).
   */
  private static void mediaOnError(StatementContext context, MediaOnError onError) {
    if (context.usesMedia()) {
      context.media().onError(onError);
    }
  }

  /** How many compiled queries are cached now. */
  public int cachedPlans() {
    return plans.size();
  }

  private StatementResult run(
      String sql, List<Object> parameters, AtomicBoolean cancel, MediaOnError onError) {
    PlanCache.Key key = PlanCache.Key.of(sql, null, parameters);
    PlanCache.Plan cached = plans.get(key, catalog);
    if (cached != null) {
      List<Object> bound = ParameterValues.bind(cached.context().parameterRowType(), parameters);
      return queries.run(cached.context(), cached.query(), bound, cancel);
    }
    StatementContext context = new StatementContext(catalog, allocator, null, media, models);
    SqlNode parsed = context.parse(sql);
    if (parsed instanceof SqlAlterTable alter && alter.action == SqlAlterTable.Action.RECOMPUTE) {
      return StatementResult.update(recompute(alter, cancel));
    }
    if (DatasetRunner.handles(parsed)) {
      return datasets.run(parsed);
    }
    if (DdlRunner.isDdl(parsed)) {
      return StatementResult.update(ddl.run(context, parsed, sql, cancel));
    }
    if (parsed instanceof dev.sheaf.planner.parser.SqlIngestMedia ingest) {
      return ingestMedia.run(ingest);
    }
    if (MetadataRunner.handles(parsed)) {
      return metadata.run(parsed);
    }
    if (parsed instanceof dev.sheaf.planner.parser.SqlSyncTable statement) {
      return sync.run(statement, cancel);
    }
    if (parsed instanceof SqlExplain explain) {
      // the explained query reads versions and branches as it would run
      explain.setOperand(0, rewriter().rewrite(explain.getExplicandum()));
      computeQueryVector(explain.getExplicandum(), cancel);
      textFilter.rewrite(explain.getExplicandum());
      var topK = indexTopK.plan(explain.getExplicandum());
      if (topK.isPresent()) {
        // the plan shown is the finishing statement's, which runs on the index's candidates
        String header = topK.get().explain();
        explain.setOperand(
            0, TopKStatements.finishing(topK.get(), TopKStatements.ranks(topK.get())).statement());
        return queries.explain(context, explain, header);
      }
      return queries.explain(context, explain, null);
    }
    StatementRewriter rewriter = rewriter();
    SqlNode rewritten = rewriter.rewrite(parsed);
    computeQueryVector(rewritten, cancel);
    boolean filtered = textFilter.rewrite(rewritten);
    var topK = indexTopK.plan(rewritten);
    if (topK.isPresent()) {
      return runIndexed(sql, topK.get(), parameters, cancel);
    }
    SqlNode validated = validate(context, parsed, rewritten);
    List<Object> bound = ParameterValues.bind(context.parameterRowType(), parameters);
    mediaOnError(context, onError);
    if (validated.getKind().belongsTo(SqlKind.DML)) {
      List<Long> micros = ParameterValues.micros(context.parameterRowType(), parameters);
      long count = dml.run(context, validated, bound, micros, cancel);
      indexAfterWrite(validated);
      return StatementResult.update(count);
    }
    QueryRunner.CompiledQuery query = queries.compile(context, validated);
    if (rewriter.readsViews()) {
      context.readsViews();
    }
    if (!filtered) {
      cache(key, context, query);
    }
    return queries.run(context, query, bound, cancel);
  }

  /**
   * Runs a query an index answers ({@link IndexTopK}): the WHERE's row ids, the index search, then
   * the finishing statement on the candidates. The two statements are planned once per (SQL,
   * snapshot) and kept in the plan cache; the original statement never is.
   */
  private StatementResult runIndexed(
      String sql, IndexTopK.Plan plan, List<Object> parameters, AtomicBoolean cancel) {
    String pinned = sql + "\n/* sheaf index top-k, snapshot " + plan.snapshot().snapshotId();
    long[] filter = null;
    if (plan.shape().select().getWhere() != null) {
      TopKStatements.Numbered rows = TopKStatements.rowIdQuery(plan);
      filter =
          TopKStatements.rowIds(
              runKept(
                  pinned + ", rows */",
                  rows::statement,
                  rows.values(parameters, List.of()),
                  cancel));
    }
    List<IndexTopK.Candidate> hits = indexTopK.search(plan, parameters, filter);
    if (hits == null) {
      StatementContext context = new StatementContext(catalog, allocator, null, media, models);
      SqlNode validated = context.validateBuilt(TopKStatements.exact(plan));
      List<Object> bound = ParameterValues.bind(context.parameterRowType(), parameters);
      return queries.run(context, queries.compile(context, validated), bound, cancel);
    }
    boolean rank = TopKStatements.ranks(plan);
    TopKStatements.Numbered finishing = TopKStatements.finishing(plan, rank);
    return runKept(
        pinned + (rank ? ", ranked */" : " */"),
        finishing::statement,
        finishing.values(parameters, hits),
        cancel);
  }

  /** Runs a query built by Sheaf, planned once per {@code key} and kept in the plan cache. */
  private StatementResult runKept(
      String key,
      java.util.function.Supplier<SqlNode> statement,
      List<Object> parameters,
      AtomicBoolean cancel) {
    PlanCache.Key cacheKey = PlanCache.Key.of(key, null, parameters);
    PlanCache.Plan cached = plans.get(cacheKey, catalog);
    if (cached != null) {
      List<Object> bound = ParameterValues.bind(cached.context().parameterRowType(), parameters);
      return queries.run(cached.context(), cached.query(), bound, cancel);
    }
    StatementContext context = new StatementContext(catalog, allocator, null, media, models);
    SqlNode validated = context.validateBuilt(statement.get());
    List<Object> bound = ParameterValues.bind(context.parameterRowType(), parameters);
    QueryRunner.CompiledQuery query = queries.compile(context, validated);
    cache(cacheKey, context, query);
    return queries.run(context, query, bound, cancel);
  }

  /** Brings the indexes of a written table up to its new version (see {@link #afterWrite}). */
  private void indexAfterWrite(SqlNode statement) {
    SqlNode target =
        switch (statement) {
          case org.apache.calcite.sql.SqlInsert insert -> insert.getTargetTable();
          case org.apache.calcite.sql.SqlUpdate update -> update.getTargetTable();
          case org.apache.calcite.sql.SqlDelete delete -> delete.getTargetTable();
          case org.apache.calcite.sql.SqlMerge merge -> merge.getTargetTable();
          default -> null;
        };
    if (target instanceof org.apache.calcite.sql.SqlIdentifier identifier) {
      TableResolver name = TableResolver.of(identifier);
      var table = dev.sheaf.planner.schema.TableName.parse(name.table());
      if (table.branch() == null) {
        afterWrite(name.schema(), table.table());
      }
    }
  }

  /**
   * Indexes the data files a commit added to a table, so the first search after a write does not
   * pay for it. A failure here leaves the write committed: the next search indexes those files.
   */
  public void afterWrite(String schema, String table) {
    afterWrite(schema, table, 0);
  }

  private void afterWrite(String schema, String table, int depth) {
    try {
      catalog
          .findTable(schema == null ? dev.sheaf.catalog.SheafCatalog.DEFAULT_SCHEMA : schema, table)
          .ifPresent(
              written -> {
                for (var index : dev.sheaf.planner.similarity.IndexDefinition.of(written)) {
                  indexes.sync(written, written.currentSnapshot(), index);
                }
              });
    } catch (RuntimeException e) {
      System.getLogger(StatementExecutor.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "Cannot index the new rows of " + table + " now (the next search will): " + e);
    }
    if (depth < 4) {
      iterateAfterWrite(schema, table, depth);
    }
  }

  /**
   * Brings the iterator views of a written table up to its new version (and their indexes, and the
   * views over them). A failure leaves the write committed: the next read of the view catches up.
   */
  private void iterateAfterWrite(String schema, String table, int depth) {
    String prefix = dev.sheaf.planner.views.IteratorViewDefinition.BASE_PROPERTY_PREFIX;
    String baseSchema = schema == null ? dev.sheaf.catalog.SheafCatalog.DEFAULT_SCHEMA : schema;
    var written = catalog.findTable(baseSchema, table);
    if (written.isEmpty()) {
      return;
    }
    for (String key : written.get().properties().keySet()) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      String qualified = key.substring(prefix.length());
      int dot = qualified.indexOf('.');
      String viewSchema = qualified.substring(0, dot);
      String viewName = qualified.substring(dot + 1);
      try {
        var view = catalog.findTable(viewSchema, viewName);
        if (view.isPresent() && views.iteratorViews().catchUp(view.get())) {
          afterWrite(viewSchema, viewName, depth + 1);
        }
      } catch (RuntimeException e) {
        System.getLogger(StatementExecutor.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "Cannot bring view "
                    + viewName
                    + " up to "
                    + table
                    + " now (its next read will): "
                    + e);
      }
    }
  }

  /**
   * Computes the constant query vector of a similarity ORDER BY (a model call such as {@code
   * embed_text('minilm', 'a kitten')}) once, and puts it in the statement as a literal ({@link
   * QueryVectors}): an index then answers the query, and an exact scan does not call the model per
   * row.
   */
  private void computeQueryVector(SqlNode statement, AtomicBoolean cancel) {
    QueryVectors.Slot slot = QueryVectors.slot(statement);
    if (slot == null) {
      return;
    }
    StatementContext context = new StatementContext(catalog, allocator, null, media, models);
    QueryRunner.CompiledQuery query =
        queries.compile(context, context.validateBuilt(slot.select()));
    try (StatementResult result = queries.run(context, query, List.of(), cancel)) {
      SqlNode literal = QueryVectors.literal(result.rows());
      if (literal != null) {
        slot.replace(literal);
      }
    }
  }

  /**
   * {@code ALTER TABLE t RECOMPUTE c [WHERE condition] [ERRORS ONLY]}: computes the computed column
   * again for the rows the condition keeps (with ERRORS ONLY, those whose cell holds an error), as
   * one new version; it runs as {@code UPDATE t SET c = c WHERE ...} with c's definition evaluated
   * for those rows ({@link DmlRunner#recompute}). Returns the rows recomputed.
   */
  private long recompute(SqlAlterTable alter, AtomicBoolean cancel) {
    TableResolver name = TableResolver.of(alter.table);
    Table table = name.load(catalog);
    String column = alter.name.getSimple();
    ComputedColumn computed =
        ComputedColumns.find(table, column)
            .orElseThrow(
                () ->
                    SheafException.of(
                        ErrorCode.INVALID_ARGUMENT,
                        "Cannot recompute column '%s' of table %s: it is not a computed column",
                        column,
                        name.table()));
    if (computed.virtual()) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot recompute column '%s' of table %s: it is VIRTUAL, computed by every read (only"
              + " STORED columns are recomputed)",
          column,
          name.table());
    }
    SqlParserPos pos = alter.getParserPosition();
    SqlNode condition = alter.expression;
    if (alter.errorsOnly()) {
      SqlNode failed =
          SqlStdOperatorTable.IS_NOT_NULL.createCall(
              pos, new SqlIdentifier(computed.errorColumn(), pos));
      condition =
          condition == null ? failed : SqlStdOperatorTable.AND.createCall(pos, condition, failed);
    }
    SqlUpdate update =
        new SqlUpdate(
            pos,
            alter.table,
            SqlNodeList.of(new SqlIdentifier(column, pos)),
            SqlNodeList.of(new SqlIdentifier(column, pos)),
            condition,
            null,
            null);
    StatementContext context = new StatementContext(catalog, allocator, null, media, models);
    SqlNode validated = context.validateBuilt(rewriter().rewrite(update));
    long count = dml.recompute(context, validated, computed, cancel);
    indexAfterWrite(validated);
    return count;
  }

  /** Runs an action, turning any failure into a SheafException with a stable code. */
  public <T> T translating(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (SheafException e) {
      throw e;
    } catch (ExceptionInInitializerError | StackOverflowError e) {
      // generated code fails in its static initializer when a constant cannot be made (a literal
      // Calcite cannot convert); a deeply nested expression overflows the stack: neither may
      // escape the caller's thread
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      SheafException sheaf = findSheaf(cause);
      if (sheaf != null) {
        throw sheaf;
      }
      SheafException evaluation =
          cause instanceof RuntimeException failure ? EvaluationErrors.translate(failure) : null;
      if (evaluation != null) {
        throw evaluation; // a constant expression, computed as the code loads: 1 / 0
      }
      throw new SheafException(
          cause instanceof StackOverflowError ? ErrorCode.INVALID_QUERY : ErrorCode.TYPE_MISMATCH,
          "Cannot evaluate the statement: " + firstLine(cause),
          e);
    } catch (RuntimeException e) {
      SheafException cause = findSheaf(e);
      if (cause != null) {
        throw cause;
      }
      if (nestsTooDeeply(e)) {
        // Calcite wraps the overflow of a deeply nested expression ("while converting ...")
        throw new SheafException(
            ErrorCode.INVALID_QUERY,
            "Cannot plan the statement: it nests too deeply (split the expression, or use IN or"
                + " a join instead of deeply nested CASE, OR or parentheses)",
            e);
      }
      if (tooLargeToCompile(e)) {
        throw new SheafException(
            ErrorCode.INVALID_QUERY,
            "Cannot compile the statement: its expressions are too large for one Java method (a"
                + " very long IN list or CASE: put the values in a table and join with it)",
            e);
      }
      SheafException evaluation = EvaluationErrors.translate(e);
      if (evaluation != null) {
        throw evaluation;
      }
      if (e instanceof ArithmeticException
          || e instanceof NumberFormatException
          || e instanceof ClassCastException) {
        throw new SheafException(
            ErrorCode.TYPE_MISMATCH, "Cannot evaluate the statement: " + e.getMessage(), e);
      }
      throw new SheafException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot run the statement: internal error "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage().split("\n")[0]),
          e);
    }
  }

  /** Janino refuses a method whose bytecode exceeds the JVM's 64 KB limit. */
  private static boolean tooLargeToCompile(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("grows beyond 64 KB")) {
        return true;
      }
    }
    return false;
  }

  private static boolean nestsTooDeeply(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StackOverflowError) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(Throwable error) {
    String message = error.getMessage();
    if (message == null) {
      return error.getClass().getSimpleName()
          + (error instanceof StackOverflowError ? " (the statement nests too deeply)" : "");
    }
    String line = message.split("\n")[0];
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static SheafException findSheaf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SheafException sheaf) {
        return sheaf;
      }
    }
    return null;
  }
}
