package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.planner.media.MediaAccess;
import dev.sheaf.planner.media.MediaColumnReads;
import dev.sheaf.planner.media.MediaFunctions;
import dev.sheaf.planner.media.SystemSchema;
import dev.sheaf.planner.media.TryErrorCalls;
import dev.sheaf.planner.model.ModelAccess;
import dev.sheaf.planner.model.ModelFunctions;
import dev.sheaf.planner.model.Models;
import dev.sheaf.planner.parser.generated.SheafSqlParserImpl;
import dev.sheaf.planner.schema.CalciteTypes;
import dev.sheaf.planner.schema.MissingCells;
import dev.sheaf.planner.schema.SheafSchema;
import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.planner.similarity.SimilarityFunctions;
import dev.sheaf.planner.text.TextCalls;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.PlannerImpl;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Programs;

/**
 * Compiles and runs one statement with Calcite: Sheaf's parser, a validator over a view of the
 * catalog taken for this statement, the Volcano planner with the Enumerable convention, and
 * Calcite's code generation. One instance per statement.
 */
final class StatementContext {
  private final SheafCatalog catalog;
  private final SchemaPlus root;
  private final PlannerImpl planner;
  private final MediaAccess media;
  private final ModelAccess models;
  private boolean usesModels;
  private boolean parsedOnce;

  /** PostgreSQL's names for the statement's result columns ({@link ResultNames}), or null. */
  private List<String> resultNames;

  private final List<SheafSchema> schemas = new ArrayList<>();

  /**
   * The code generated for each plan this context ran, so a kept plan (a prepared statement, the
   * finishing statement of an index search) is translated to Java once, not on every execution.
   */
  private final java.util.Map<EnumerableRel, Generated> generated =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private final org.apache.arrow.memory.BufferAllocator allocator;

  /** The allocator of the Arrow memory the statement's readers use. */
  org.apache.arrow.memory.BufferAllocator allocator() {
    return allocator;
  }

  /** A plan's generated code and the plan objects that code reads from its data context. */
  private record Generated(Bindable<?> bindable, java.util.Map<String, Object> stash) {}

  /**
   * @param pin a table to read at a fixed snapshot wherever the statement names it plainly, or null
   */
  StatementContext(
      SheafCatalog catalog,
      org.apache.arrow.memory.BufferAllocator allocator,
      TablePin pin,
      MediaStores media,
      Models models) {
    this.catalog = catalog;
    this.allocator = allocator;
    this.media = new MediaAccess(media, catalog.mediaReadPins());
    this.models = new ModelAccess(models);
    // a name that is no schema is looked up among the datasets (DatasetRoot); a statement that
    // names one is never kept, its plan depends on the dataset's definition
    this.root =
        org.apache.calcite.jdbc.CalciteSchema.createRootSchema(
                false,
                false,
                "",
                new dev.sheaf.planner.dataset.DatasetRoot(
                    catalog.datasets(), this::namespace, this::readsViews))
            .plus();
    MediaFunctions.register(root);
    ModelFunctions.register(root);
    TextCalls.register(root);
    SimilarityFunctions.register(root);
    SchemaPlus defaultSchema = null;
    ComputedEvaluator.Scope scope = new ComputedEvaluator.Scope(catalog, allocator, media, models);
    MissingCells lazyFill = new LazyFill(scope);
    dev.sheaf.catalog.TableWrites viewWrites = new dev.sheaf.catalog.TableWrites(catalog);
    viewWrites.completer(new ComputedCompleter(scope));
    dev.sheaf.planner.views.IteratorViews iteratorViews =
        new dev.sheaf.planner.views.IteratorViews(
            catalog, viewWrites, media, new ComputedCompleter(scope));
    for (String namespace : catalog.schemas()) {
      SheafSchema schema =
          new SheafSchema(
              catalog,
              namespace,
              allocator,
              pin != null && pin.schema().equals(namespace) ? pin : null,
              lazyFill,
              iteratorViews);
      schemas.add(schema);
      SchemaPlus added = root.add(namespace, schema);
      if (namespace.equals(SheafCatalog.DEFAULT_SCHEMA)) {
        defaultSchema = added;
      }
    }
    if (!catalog.schemas().contains(SystemSchema.NAME)) {
      root.add(SystemSchema.NAME, new SystemSchema(catalog.backfillJobs(), catalog, models));
    }
    this.planner = new PlannerImpl(config(defaultSchema == null ? root : defaultSchema));
  }

  /** Adds the table of rows computed columns are computed over (see {@link ComputedEvaluator}). */
  void addComputedInput(ComputedInputTable input) {
    root.add(ComputedInputTable.SCHEMA, input.schema());
  }

  /**
   * The versions of the tables this statement looked up ({@code schema.table} to its metadata file,
   * {@link SheafSchema#ABSENT} for a name that was not there): what a cached plan of it depends on.
   */
  TablesRead tablesRead() {
    java.util.Map<TablesRead.Name, String> versions = new HashMap<>();
    for (SheafSchema schema : schemas) {
      schema
          .tableVersions()
          .forEach(
              (table, version) ->
                  versions.put(new TablesRead.Name(schema.namespace(), table), version));
    }
    return new TablesRead(versions);
  }

  /** The statement's schema of a namespace, or null when the catalog has none of that name. */
  private SheafSchema namespace(String name) {
    for (SheafSchema schema : schemas) {
      if (schema.namespace().equals(name)) {
        return schema;
      }
    }
    return null;
  }

  /** Marks the statement as one that read a view (its plan is then never kept). */
  void readsViews() {
    readsViews = true;
  }

  /** Whether the statement read a view: its plan depends on view definitions too. */
  boolean readViews() {
    return readsViews;
  }

  /** Whether the statement reads media (its media pins are per execution, so not cacheable). */
  boolean usesMedia() {
    return media.usesPins();
  }

  SheafCatalog catalog() {
    return catalog;
  }

  MediaAccess media() {
    return media;
  }

  ModelAccess models() {
    return models;
  }

  /**
   * Whether the statement calls a model function (a model can be dropped and created again with
   * another vector size, so such statements are not cached).
   */
  boolean usesModels() {
    return usesModels;
  }

  static SqlParser.Config parserConfig() {
    return SqlParser.config()
        .withParserFactory(SheafSqlParserImpl.FACTORY)
        .withUnquotedCasing(Casing.TO_LOWER)
        .withQuotedCasing(Casing.UNCHANGED)
        .withCaseSensitive(true)
        .withConformance(SqlConformanceEnum.LENIENT);
  }

  private static FrameworkConfig config(SchemaPlus defaultSchema) {
    return Frameworks.newConfigBuilder()
        .parserConfig(parserConfig())
        .sqlValidatorConfig(
            SqlValidator.Config.DEFAULT
                .withConformance(SqlConformanceEnum.LENIENT)
                .withIdentifierExpansion(true))
        .operatorTable(
            new FunctionLookup(
                SqlOperatorTables.chain(
                    org.apache.calcite.sql.fun.SqlStdOperatorTable.instance(),
                    SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.POSTGRESQL),
                    // what PostgreSQL has and Calcite files under other dialects
                    SqlOperatorTables.of(
                        org.apache.calcite.sql.fun.SqlLibraryOperators.REVERSE,
                        org.apache.calcite.sql.fun.SqlLibraryOperators.TRUNC_BIG_QUERY))))
        .defaultSchema(defaultSchema)
        .typeSystem(SheafTypeSystem.INSTANCE)
        .context(
            org.apache.calcite.plan.Contexts.of(
                CalciteConnectionConfig.DEFAULT.set(
                    org.apache.calcite.config.CalciteConnectionProperty.CASE_SENSITIVE, "true")))
        .programs(Programs.standard())
        .build();
  }

  private volatile boolean readsViews;

  SqlNode parse(String sql) {
    try {
      SqlNode parsed = planner.parse(new StringReader(sql));
      if (!parsedOnce) {
        // the statement's own text (validateBuilt parses a placeholder after it)
        parsedOnce = true;
        resultNames = ResultNames.of(parsed);
      }
      return parsed;
    } catch (SqlParseException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof SheafException refused) {
          // a Sheaf production refused what it parsed (SqlMergeClauses), with its own code
          throw refused;
        }
      }
      var pos = e.getPos();
      String where =
          pos == null ? "" : " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
      String first = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
      throw new SheafException(
          ErrorCode.SYNTAX_ERROR, "Cannot parse the statement" + where + ": " + first, e);
    }
  }

  /**
   * Validates a parse tree Sheaf built rather than parsed from text (an index top-k's WHERE query):
   * Calcite's planner validates only after a parse, so it first parses a constant query.
   */
  SqlNode validateBuilt(SqlNode node) {
    boolean first = !parsedOnce;
    parse("VALUES 1");
    if (first) {
      // the placeholder names nothing: a context that only runs a built statement takes that
      // statement's names (not VALUES's column1)
      resultNames = ResultNames.of(node);
    }
    return validate(node);
  }

  SqlNode validate(SqlNode node) {
    try {
      SqlNode validated = planner.validate(TryErrorCalls.rewrite(node));
      if (MediaFunctions.calledIn(validated)) {
        media.usePins();
        media.columnReads(MediaColumnReads.in(validated));
        media.imageCalls(dev.sheaf.planner.media.ImageCallsAhead.in(validated));
      }
      if (ModelFunctions.calledIn(validated)) {
        usesModels = true;
      }
      return validated;
    } catch (org.apache.calcite.tools.ValidationException e) {
      throw ValidationErrors.translate(e);
    } catch (RuntimeException e) {
      if (e instanceof SheafException) {
        throw e;
      }
      throw ValidationErrors.translate(e);
    }
  }

  RelDataType parameterRowType() {
    return planner.getParameterRowType();
  }

  RelRoot rel(SqlNode validated) {
    RelRoot root = planner.rel(validated);
    // integer arithmetic raises on overflow, as in PostgreSQL (Calcite's checked operators; its
    // JDBC driver applies them, its Planner does not)
    RelNode checked =
        root.rel.accept(
            new org.apache.calcite.sql2rel.ConvertToChecked(
                root.rel.getCluster().getRexBuilder(), true));
    return root.withRel(ExactCasts.rewrite(checked));
  }

  EnumerableRel optimize(RelNode rel, RelCollation collation) {
    RelTraitSet traits = rel.getTraitSet().replace(EnumerableConvention.INSTANCE);
    if (collation != null) {
      traits = traits.replace(collation);
    }
    try {
      return (EnumerableRel) planner.transform(0, traits.simplify(), rel);
    } catch (org.apache.calcite.plan.RelOptPlanner.CannotPlanException e) {
      throw new SheafException(
          ErrorCode.NOT_SUPPORTED, "Cannot run the query: Sheaf has no plan for it yet", e);
    }
  }

  Enumerator<?> run(EnumerableRel plan, List<Object> parameters, AtomicBoolean cancel) {
    return run(plan, parameters, cancel, dev.sheaf.planner.vector.RowWindow.ALL);
  }

  /** Runs a plan whose table scan reads only {@code window} of its rows (see {@link ScanSplit}). */
  Enumerator<?> run(
      EnumerableRel plan,
      List<Object> parameters,
      AtomicBoolean cancel,
      dev.sheaf.planner.vector.RowWindow window) {
    Generated code;
    // a cached plan runs on several threads at once; code generation reads the plan's cluster
    // (metadata caches), which is not thread-safe, so one execution at a time generates
    synchronized (plan) {
      code = generated.get(plan);
      if (code == null) {
        java.util.Map<String, Object> stash = new HashMap<>();
        Bindable<?> bindable =
            EnumerableInterpretable.toBindable(stash, null, plan, EnumerableRel.Prefer.ARRAY);
        code = new Generated(bindable, java.util.Collections.unmodifiableMap(stash));
        generated.put(plan, code);
      }
    }
    SheafDataContext context =
        new SheafDataContext(
            root,
            planner.getTypeFactory(),
            parameters,
            code.stash(),
            cancel,
            media,
            models,
            window);
    Enumerable<?> rows = code.bindable().bind(context);
    return rows.enumerator();
  }

  /**
   * The result columns of a planned query: names from the root, Sheaf types from the origin; a
   * vector computed by a model call has the model's size.
   */
  List<ResultColumn> resultColumns(RelRoot root, Models models) {
    RelMetadataQuery metadata = root.rel.getCluster().getMetadataQuery();
    List<RelDataTypeField> fields = root.rel.getRowType().getFieldList();
    List<String> calciteNames = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    for (java.util.Map.Entry<Integer, String> field : root.fields) {
      calciteNames.add(field.getValue());
      RelColumnOrigin origin = metadata.getColumnOrigin(root.rel, field.getKey());
      origins.add(
          origin == null || origin.isDerived()
              ? null
              : origin
                  .getOriginTable()
                  .getRowType()
                  .getFieldList()
                  .get(origin.getOriginColumnOrdinal())
                  .getName());
    }
    List<String> names = ResultNames.apply(resultNames, calciteNames, origins);
    List<ResultColumn> columns = new ArrayList<>();
    for (java.util.Map.Entry<Integer, String> field : root.fields) {
      RelDataType type = fields.get(field.getKey()).getType();
      var sheafType = CalciteTypes.sheafType(type);
      if (type.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.ARRAY
          && root.rel instanceof org.apache.calcite.rel.core.Project project) {
        int size = ModelFunctions.vectorSize(project.getProjects().get(field.getKey()), models);
        if (size > 0) {
          sheafType = SheafType.vector(size);
        }
      }
      RelColumnOrigin origin = metadata.getColumnOrigin(root.rel, field.getKey());
      if (origin != null && !origin.isDerived()) {
        SheafTable table = origin.getOriginTable().unwrap(SheafTable.class);
        if (table != null) {
          sheafType = table.columns().get(origin.getOriginColumnOrdinal()).type();
        }
      }
      if (type.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.ARRAY
          && origin != null
          && origin.isDerived()) {
        // normalize(emb): a vector computed from a vector column has that column's dimension
        SheafTable table = origin.getOriginTable().unwrap(SheafTable.class);
        SheafType source =
            table == null ? null : table.columns().get(origin.getOriginColumnOrdinal()).type();
        if (source != null && source.kind() == TypeKind.VECTOR) {
          sheafType = source;
        }
      }
      SheafType bytesOf =
          sheafType.kind() == TypeKind.VARBINARY && origin != null && origin.isDerived()
              ? mediaOrigin(origin)
              : null;
      var tensor =
          sheafType.kind() == TypeKind.VARBINARY
              ? dev.sheaf.planner.media.ImageTensorColumns.of(root.rel, field.getKey())
              : null;
      columns.add(
          new ResultColumn(
              names.get(columns.size()),
              sheafType,
              type.isNullable(),
              tensor == null ? bytesOf : null,
              tensor));
    }
    return columns;
  }

  /** The media type of the one column bytes were computed from, or null when it is no media. */
  private static SheafType mediaOrigin(RelColumnOrigin origin) {
    SheafTable table = origin.getOriginTable().unwrap(SheafTable.class);
    if (table == null) {
      return null;
    }
    SheafType source = table.columns().get(origin.getOriginColumnOrdinal()).type();
    return source.isMedia() ? source : null;
  }

  static int[] resultFields(RelRoot root) {
    return root.fields.stream().mapToInt(java.util.Map.Entry::getKey).toArray();
  }
}
