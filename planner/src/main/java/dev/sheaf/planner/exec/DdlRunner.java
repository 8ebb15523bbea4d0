package dev.sheaf.planner.exec;

import dev.sheaf.catalog.NewTable;
import dev.sheaf.catalog.SchemaChanges;
import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableVersions;
import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.planner.media.MediaTableSettings;
import dev.sheaf.planner.media.WrittenMediaCleanup;
import dev.sheaf.planner.model.Models;
import dev.sheaf.planner.parser.SqlAlterTable;
import dev.sheaf.planner.parser.SqlColumnDeclaration;
import dev.sheaf.planner.parser.SqlCreateIndex;
import dev.sheaf.planner.parser.SqlCreateModel;
import dev.sheaf.planner.parser.SqlCreateReference;
import dev.sheaf.planner.parser.SqlCreateSchema;
import dev.sheaf.planner.parser.SqlCreateTable;
import dev.sheaf.planner.parser.SqlDropIndex;
import dev.sheaf.planner.parser.SqlDropModel;
import dev.sheaf.planner.parser.SqlDropReference;
import dev.sheaf.planner.parser.SqlDropSchema;
import dev.sheaf.planner.parser.SqlDropTable;
import dev.sheaf.planner.parser.SqlJobControl;
import dev.sheaf.planner.parser.SqlReferenceKind;
import dev.sheaf.planner.parser.SqlTruncateTable;
import dev.sheaf.planner.schema.CalciteTypes;
import dev.sheaf.planner.schema.CalciteValues;
import dev.sheaf.planner.similarity.IndexDefinition;
import dev.sheaf.planner.similarity.VectorIndexes;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.SheafValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/** Runs Sheaf's DDL: schemas, tables, columns, tags, branches and version expiry. */
final class DdlRunner {
  private final SheafCatalog catalog;
  private final TableWrites writes;
  private final QueryRunner queries;
  private final WrittenMediaCleanup media;
  private final ComputedEvaluator.Scope scope;
  private final BackfillJobs jobs;
  private final VectorIndexes indexes;
  private final IndexDdl indexDdl;
  private final Models models;
  private final ViewDefinitions views;
  private final SourceDdl sources;

  DdlRunner(
      SheafCatalog catalog,
      TableWrites writes,
      QueryRunner queries,
      WrittenMediaCleanup media,
      ComputedEvaluator.Scope scope,
      BackfillJobs jobs,
      Models models,
      VectorIndexes indexes,
      ViewDefinitions views) {
    this.models = models;
    this.views = views;
    this.sources = new SourceDdl(catalog);
    this.catalog = catalog;
    this.indexes = indexes;
    this.indexDdl = new IndexDdl(catalog, indexes, jobs);
    this.writes = writes;
    this.queries = queries;
    this.media = media;
    this.scope = scope;
    this.jobs = jobs;
  }

  /**
   * What goes with a dropped table besides its Iceberg files: media Sheaf wrote for it, its vector
   * indexes, and its media read pins.
   */
  private void afterDrop(Table table) {
    indexes.dropTable(table);
    catalog.mediaReadPins().forget(table.uuid().toString());
  }

  static boolean isDdl(SqlNode node) {
    return node instanceof SqlCreateSchema
        || node instanceof SqlDropSchema
        || node instanceof SqlCreateTable
        || node instanceof SqlDropTable
        || node instanceof SqlAlterTable
        || node instanceof SqlTruncateTable
        || node instanceof SqlJobControl
        || node instanceof SqlCreateReference
        || node instanceof SqlDropReference
        || node instanceof SqlCreateIndex
        || node instanceof SqlDropIndex
        || node instanceof SqlCreateModel
        || node instanceof SqlDropModel
        || node instanceof dev.sheaf.planner.parser.SqlCreateView
        || node instanceof dev.sheaf.planner.parser.SqlDropView
        || node instanceof dev.sheaf.planner.parser.SqlCreateSource
        || node instanceof dev.sheaf.planner.parser.SqlDropSource;
  }

  long run(StatementContext context, SqlNode node, String sql, AtomicBoolean cancel) {
    switch (node) {
      case SqlCreateSchema create -> catalog.createSchema(simple(create.name), create.ifNotExists);
      case SqlDropSchema drop -> {
        String schema = simple(drop.name);
        List<Table> tables = new ArrayList<>();
        if (drop.cascade && catalog.schemaExists(schema)) {
          for (String table : catalog.tables(schema)) {
            catalog.findTable(schema, table).ifPresent(tables::add);
          }
        }
        Set<String> written = new HashSet<>();
        tables.forEach(table -> written.addAll(media.candidates(table)));
        catalog.dropSchema(schema, drop.ifExists, drop.cascade);
        tables.forEach(this::afterDrop);
        media.deleteUnreferenced(written);
      }
      case SqlCreateTable create -> {
        return createTable(context, create, sql, cancel);
      }
      case SqlDropTable drop -> {
        TableResolver name = TableResolver.of(drop.name);
        var dropped = catalog.findTable(name.schema(), name.table());
        Set<String> written = dropped.map(media::candidates).orElse(Set.of());
        catalog.dropTable(name.schema(), name.table(), drop.ifExists);
        dropped.ifPresent(this::afterDrop);
        media.deleteUnreferenced(written);
      }
      case dev.sheaf.planner.parser.SqlCreateView create -> views.create(create, sql);
      case dev.sheaf.planner.parser.SqlDropView drop -> views.drop(drop);
      case SqlAlterTable alter -> alterTable(alter, sql);
      case SqlTruncateTable truncate -> {
        return writes.truncate(TableResolver.of(truncate.name).load(catalog));
      }
      case SqlJobControl control -> {
        if (control.action == SqlJobControl.Action.WAIT) {
          return jobs.waitFor(control.jobId(), cancel);
        }
        jobs.control(control.jobId(), control.action);
        return 1;
      }
      case SqlCreateReference create -> createReference(create);
      case SqlCreateIndex create -> indexDdl.create(create);
      case SqlDropIndex drop -> indexDdl.drop(drop);
      case SqlDropReference drop -> {
        Table table = TableResolver.of(drop.table).load(catalog);
        boolean dropped =
            TableVersions.dropReference(
                table, drop.name.getSimple(), drop.kind == SqlReferenceKind.BRANCH);
        if (!dropped && !drop.ifExists) {
          throw SheafException.of(
              ErrorCode.REFERENCE_NOT_FOUND,
              "Cannot drop %s '%s' of table %s: it does not exist",
              drop.kind.name().toLowerCase(java.util.Locale.ROOT),
              drop.name.getSimple(),
              table.name());
        }
      }
      case SqlCreateModel create ->
          models.create(ModelDefinitions.spec(create), create.ifNotExists);
      case SqlDropModel drop -> models.drop(drop.name.getSimple(), drop.ifExists);
      case dev.sheaf.planner.parser.SqlCreateSource create -> sources.create(create);
      case dev.sheaf.planner.parser.SqlDropSource drop -> sources.drop(drop);
      default -> throw new IllegalArgumentException("not DDL: " + node.getKind());
    }
    return -1;
  }

  /**
   * CREATE TABLE with computed columns in its list: the table with its plain columns, then each
   * computed column added as ALTER TABLE ... ADD COLUMN would (on an empty table: no backfill); a
   * computed column that cannot be added drops the new table again, so the statement makes all of
   * it or nothing.
   */
  private long createWithComputed(
      StatementContext context, SqlCreateTable create, String sql, AtomicBoolean cancel) {
    TableResolver name = TableResolver.of(create.name);
    if (create.query != null) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot create table %s: computed columns in CREATE TABLE ... AS SELECT are not"
              + " supported (create it, then ALTER TABLE %s ADD COLUMN c AS (...) STORED)",
          name.table(),
          name.table());
    }
    if (create.ifNotExists && catalog.findTable(name.schema(), name.table()).isPresent()) {
      return 0;
    }
    SqlCreateTable plain =
        new SqlCreateTable(
            create.getParserPosition(),
            false,
            create.name,
            create.columns,
            create.primaryKey,
            SqlNodeList.EMPTY,
            null);
    createTable(context, plain, sql, cancel);
    try {
      for (SqlNode computed : create.computed) {
        alterTable((SqlAlterTable) computed, sql);
      }
    } catch (RuntimeException e) {
      catalog.dropTable(name.schema(), name.table(), true);
      throw e;
    }
    return -1;
  }

  private long createTable(
      StatementContext context, SqlCreateTable create, String sql, AtomicBoolean cancel) {
    TableResolver name = TableResolver.of(create.name);
    if (!create.computed.isEmpty()) {
      return createWithComputed(context, create, sql, cancel);
    }
    List<SheafColumn> columns = new ArrayList<>();
    List<String> primaryKey = new ArrayList<>();
    for (SqlNode node : create.columns) {
      SqlColumnDeclaration column = (SqlColumnDeclaration) node;
      columns.add(toColumn(column));
      if (column.primaryKey) {
        primaryKey.add(column.name.getSimple());
      }
    }
    for (SqlNode key : create.primaryKey) {
      primaryKey.add(((SqlIdentifier) key).getSimple());
    }
    if (create.query == null) {
      if (columns.isEmpty()) {
        throw SheafException.of(
            ErrorCode.INVALID_QUERY, "Cannot create table %s: it needs at least one column", name);
      }
      columns = withKeyNotNull(columns, primaryKey);
      catalog.createTable(name.schema(), name.table(), columns, primaryKey, create.ifNotExists);
      return -1;
    }
    if (create.ifNotExists && catalog.findTable(name.schema(), name.table()).isPresent()) {
      return 0;
    }
    SqlNode validated = context.validate(create.query);
    QueryRunner.CompiledQuery query = queries.compile(context, validated);
    if (columns.isEmpty()) {
      java.util.Set<String> names = new java.util.HashSet<>();
      for (ResultColumn column : query.columns()) {
        if (!names.add(column.name())) {
          // as PostgreSQL: the query's names are the table's (count, ?column?), each once
          throw SheafException.of(
              ErrorCode.INVALID_QUERY,
              "Cannot create table %s: the query names two columns \"%s\" (name each column with"
                  + " AS)",
              name.table(),
              column.name());
        }
        columns.add(new SheafColumn(column.name(), column.type(), true));
      }
    } else if (columns.size() != query.columns().size()) {
      throw SheafException.of(
          ErrorCode.INVALID_QUERY,
          "Cannot create table %s: %d columns declared but the query returns %d",
          name.table(),
          columns.size(),
          query.columns().size());
    }
    columns = withKeyNotNull(columns, primaryKey);
    List<Object[]> rows = new ArrayList<>();
    // a query that runs without Calcite's row engine gives Sheaf values, microseconds kept
    Enumerator<Object[]> exact =
        sameTypes(columns, query.columns()) ? queries.exactRows(query, cancel) : null;
    try (Enumerator<?> enumerator =
        exact != null ? exact : context.run(query.plan(), List.of(), cancel)) {
      while (enumerator.moveNext()) {
        Object current = enumerator.current();
        Object[] row = current instanceof Object[] array ? array : new Object[] {current};
        Object[] values = new Object[columns.size()];
        int[] fields = query.fields();
        for (int i = 0; i < values.length; i++) {
          values[i] =
              exact != null
                  ? SheafValues.coerce(columns.get(i).type(), row[i])
                  : CalciteValues.fromCalcite(columns.get(i).type(), row[fields[i]]);
        }
        rows.add(values);
        HeapGuard.check(rows.size(), "the rows of CREATE TABLE " + name.table() + " AS SELECT");
      }
    }
    // the table appears with its rows in one commit, or not at all (a failure, a crash)
    NewTable created = catalog.newTable(name.schema(), name.table(), columns, primaryKey);
    Table table = created.table();
    // media cells copied by CREATE TABLE AS are pinned when first read
    writes.append(
        table,
        null,
        rows.stream()
            .map(row -> IcebergSchemas.storageRow(table.schema(), row, java.util.Map.of()))
            .toList());
    try {
      created.commit();
    } catch (SheafException e) {
      if (create.ifNotExists && e.code() == ErrorCode.TABLE_ALREADY_EXISTS) {
        return 0; // another statement created it meanwhile; these rows were not written
      }
      throw e;
    }
    return rows.size();
  }

  /** Whether each declared column has the type of the query's column it is filled from. */
  private static boolean sameTypes(List<SheafColumn> declared, List<ResultColumn> query) {
    if (declared.size() != query.size()) {
      return false;
    }
    for (int i = 0; i < declared.size(); i++) {
      if (!declared.get(i).type().equals(query.get(i).type())) {
        return false;
      }
    }
    return true;
  }

  private static List<SheafColumn> withKeyNotNull(List<SheafColumn> columns, List<String> key) {
    return columns.stream()
        .map(
            c ->
                key.stream().anyMatch(k -> k.equals(c.name()))
                    ? new SheafColumn(c.name(), c.type(), false)
                    : c)
        .toList();
  }

  private void alterTable(SqlAlterTable alter, String sql) {
    TableResolver name = TableResolver.of(alter.table);
    Table table = name.load(catalog);
    switch (alter.action) {
      case ADD_COLUMN -> {
        if (alter.column.primaryKey) {
          throw SheafException.of(
              ErrorCode.NOT_SUPPORTED,
              "Cannot add primary key column '%s': a table's primary key is set when it is created",
              alter.column.name.getSimple());
        }
        SchemaChanges.addColumn(table, toColumn(alter.column));
      }
      case ADD_COMPUTED -> addComputed(name, table, alter, sql);
      case DROP_COLUMN -> {
        IndexDefinition.checkNotIndexed(table, alter.name.getSimple(), "drop");
        SchemaChanges.dropColumn(table, alter.name.getSimple());
      }
      case RENAME_COLUMN -> {
        IndexDefinition.checkNotIndexed(table, alter.name.getSimple(), "rename");
        SchemaChanges.renameColumn(table, alter.name.getSimple(), alter.newName.getSimple());
      }
      case RENAME_TABLE -> {
        TableResolver target =
            alter.newName.names.size() == 1
                ? new TableResolver(name.schema(), alter.newName.getSimple())
                : TableResolver.of(alter.newName);
        catalog.renameTable(name.schema(), name.table(), target.schema(), target.table());
      }
      case ALTER_COLUMN_TYPE -> {
        IndexDefinition.checkNotIndexed(table, alter.column.name.getSimple(), "change the type of");
        SchemaChanges.changeColumnType(
            table, alter.column.name.getSimple(), toColumn(alter.column).type());
      }
      case SET_PROPERTIES -> MediaTableSettings.apply(table, alter.properties);
      case EXPIRE_VERSIONS -> {
        // a dataset commit whose tag was never made (its server stopped first) is kept too
        DatasetRunner.keepCommitted(catalog, table);
        table.refresh();
        Set<String> written = media.candidates(table);
        TableVersions.expire(table, millis(alter.olderThan));
        media.deleteUnreferenced(written);
        indexes.retainVersions(table);
      }
      case RECOMPUTE -> throw new IllegalStateException("RECOMPUTE runs as an UPDATE");
    }
  }

  /**
   * Adds a computed column: its definition commits now; a STORED column of a table with rows gets a
   * backfill job that fills it chunk by chunk, a VIRTUAL one is computed by every read.
   */
  private void addComputed(TableResolver name, Table table, SqlAlterTable alter, String sql) {
    String column = alter.name.getSimple();
    String expression = alter.expressionText(sql);
    ComputedEvaluator.Definition definition =
        ComputedEvaluator.define(scope, table, column, expression);
    ComputedColumns.add(
        table,
        new ComputedColumn(
            column, expression, alter.abortOnError, definition.inputs(), alter.virtual),
        definition.type());
    if (alter.virtual) {
      return; // computed by every read, never stored: nothing to fill
    }
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current != null && !"0".equals(current.summary().getOrDefault("total-records", "0"))) {
      jobs.start(table, name.schema(), name.table(), column);
    }
  }

  private void createReference(SqlCreateReference create) {
    Table table = TableResolver.of(create.table).load(catalog);
    boolean branch = create.kind == SqlReferenceKind.BRANCH;
    String name = create.name.getSimple();
    if (create.ifNotExists && table.refs().containsKey(name)) {
      return;
    }
    Snapshot snapshot;
    if (create.version == null) {
      snapshot = table.currentSnapshot();
    } else if (create.version instanceof SqlNumericLiteral number) {
      snapshot =
          TableVersions.byVersion(table, number.getValueAs(BigDecimal.class).longValueExact());
    } else if (create.version instanceof SqlCharStringLiteral text) {
      snapshot = TableVersions.byReference(table, text.getValueAs(String.class));
    } else {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create %s '%s': VERSION takes a number or a quoted tag name",
          create.kind,
          name);
    }
    if (snapshot == null) {
      throw SheafException.of(
          ErrorCode.VERSION_NOT_FOUND,
          "Cannot create %s '%s' on table %s: the table has no version yet (insert rows first)",
          create.kind.name().toLowerCase(java.util.Locale.ROOT),
          name,
          table.name());
    }
    TableVersions.createReference(table, name, branch, snapshot.snapshotId(), create.getReplace());
  }

  private static SheafColumn toColumn(SqlColumnDeclaration column) {
    SheafType type = CalciteTypes.fromSpec(column.type, column.vectorDimension);
    return new SheafColumn(column.name.getSimple(), type, !column.notNull);
  }

  private static long millis(SqlNode node) {
    return TimestampLiterals.millis(node)
        .orElseThrow(
            () ->
                SheafException.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "Cannot expire versions older than %s: give a timestamp such as TIMESTAMP"
                        + " '2026-01-31 00:00:00' (UTC)",
                    node));
  }

  private static String simple(SqlIdentifier identifier) {
    return identifier.names.get(identifier.names.size() - 1);
  }
}
