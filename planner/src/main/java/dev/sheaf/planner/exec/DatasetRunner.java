package dev.sheaf.planner.exec;

import dev.sheaf.catalog.BranchMerge;
import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableVersions;
import dev.sheaf.catalog.datasets.CommittedMember;
import dev.sheaf.catalog.datasets.Dataset;
import dev.sheaf.catalog.datasets.DatasetCommit;
import dev.sheaf.catalog.datasets.DatasetMember;
import dev.sheaf.catalog.datasets.RowChange;
import dev.sheaf.catalog.datasets.RowJson;
import dev.sheaf.catalog.datasets.TableDiff;
import dev.sheaf.planner.dataset.DatasetCard;
import dev.sheaf.planner.dataset.DatasetVersion;
import dev.sheaf.planner.media.SystemSchema;
import dev.sheaf.planner.parser.SqlCreateDataset;
import dev.sheaf.planner.parser.SqlCreateReference;
import dev.sheaf.planner.parser.SqlDatasetStatement;
import dev.sheaf.planner.parser.SqlDropDataset;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Datasets: CREATE and DROP DATASET, COMMIT DATASET, DESCRIBE DATASET, CREATE BRANCH ... ON
 * DATASET, MERGE BRANCH and DIFF. A commit is recorded by the catalog's {@code DatasetStore} in one
 * transaction; each member's committed version then gets an Iceberg tag ({@link
 * DatasetCommit#retentionTag}) so that expiring versions (Sheaf's, or Spark's and Trino's on the
 * same catalog) keeps it.
 */
final class DatasetRunner {
  private static final SheafType TEXT = SheafType.of(TypeKind.VARCHAR);
  private static final SheafType NUMBER = SheafType.of(TypeKind.BIGINT);
  private static final SheafType TIME = SheafType.of(TypeKind.TIMESTAMP);

  static final List<ResultColumn> COMMIT_COLUMNS =
      List.of(
          new ResultColumn("dataset", TEXT, false),
          new ResultColumn("commit", NUMBER, false),
          new ResultColumn("tag", TEXT, true),
          new ResultColumn("table_schema", TEXT, false),
          new ResultColumn("table_name", TEXT, false),
          new ResultColumn("version", NUMBER, false));

  static final List<ResultColumn> MERGE_COLUMNS =
      List.of(
          new ResultColumn("table_schema", TEXT, false),
          new ResultColumn("table_name", TEXT, false),
          new ResultColumn("rows_added", NUMBER, false),
          new ResultColumn("rows_changed", NUMBER, false),
          new ResultColumn("rows_removed", NUMBER, false),
          new ResultColumn("version", NUMBER, true));

  static final List<ResultColumn> DIFF_COLUMNS =
      List.of(
          new ResultColumn("table_name", TEXT, false),
          new ResultColumn("change", TEXT, false),
          new ResultColumn("_rowid", NUMBER, false),
          new ResultColumn("before", SheafType.of(TypeKind.JSON), true),
          new ResultColumn("after", SheafType.of(TypeKind.JSON), true));

  private final SheafCatalog catalog;
  private final BufferAllocator allocator;

  DatasetRunner(SheafCatalog catalog, BufferAllocator allocator) {
    this.catalog = catalog;
    this.allocator = allocator;
  }

  static boolean handles(SqlNode node) {
    return node instanceof SqlCreateDataset
        || node instanceof SqlDropDataset
        || node instanceof SqlDatasetStatement
        || node instanceof SqlCreateReference reference && reference.dataset;
  }

  /** The columns a dataset statement returns, for prepare (none for CREATE and DROP). */
  static List<ResultColumn> columns(SqlNode node) {
    if (!(node instanceof SqlDatasetStatement statement)) {
      return List.of();
    }
    return switch (statement.action) {
      case COMMIT -> COMMIT_COLUMNS;
      case DESCRIBE -> DatasetCard.COLUMNS;
      case MERGE_BRANCH -> MERGE_COLUMNS;
      case DIFF -> DIFF_COLUMNS;
    };
  }

  StatementResult run(SqlNode node) {
    return switch (node) {
      case SqlCreateDataset create -> StatementResult.update(create(create));
      case SqlDropDataset drop -> StatementResult.update(drop(drop));
      case SqlCreateReference branch -> StatementResult.update(branch(branch));
      case SqlDatasetStatement statement ->
          switch (statement.action) {
            case COMMIT -> commit(statement);
            case DESCRIBE -> describe(statement);
            case MERGE_BRANCH -> merge(statement);
            case DIFF -> diff(statement);
          };
      default -> throw new IllegalArgumentException("not a dataset statement: " + node);
    };
  }

  private long create(SqlCreateDataset create) {
    String name = create.name.getSimple();
    if (create.ifNotExists && catalog.datasets().find(name).isPresent()) {
      return 0;
    }
    if (catalog.schemaExists(name) || name.equals(SystemSchema.NAME)) {
      throw SheafException.of(
          ErrorCode.DATASET_ALREADY_EXISTS,
          "Cannot create dataset %s: a schema has that name, and d.table would be ambiguous"
              + " (choose another name)",
          name);
    }
    List<DatasetMember> members = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SqlNode node : create.tables) {
      TableResolver resolved = TableResolver.of((SqlIdentifier) node);
      if (catalog.views().find(resolved.schema(), resolved.table()).isPresent()) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot add view %s.%s to dataset %s: a dataset holds tables (it versions their"
                + " rows); add the view's base table",
            resolved.schema(),
            resolved.table(),
            name);
      }
      Table table = resolved.load(catalog);
      if (!names.add(resolved.table())) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot create dataset %s: two members are named %s (%s.table names one member)",
            name,
            resolved.table(),
            name);
      }
      members.add(new DatasetMember(resolved.schema(), resolved.table(), table.uuid().toString()));
    }
    catalog.datasets().create(new Dataset(name, members, System.currentTimeMillis()));
    return 0;
  }

  private long drop(SqlDropDataset drop) {
    String name = drop.name.getSimple();
    var dataset = catalog.datasets().find(name);
    if (dataset.isEmpty()) {
      if (drop.ifExists) {
        return 0;
      }
      catalog.datasets().get(name);
    }
    List<DatasetCommit> commits = catalog.datasets().commits(name);
    catalog.datasets().drop(name);
    // the versions its commits kept may expire now
    for (DatasetMember member : dataset.get().members()) {
      catalog
          .findTable(member.schema(), member.table())
          .filter(table -> table.uuid().toString().equals(member.tableUuid()))
          .ifPresent(
              table -> {
                for (DatasetCommit commit : commits) {
                  TableVersions.dropReference(table, commit.retentionTag(), false);
                }
              });
    }
    return 0;
  }

  private StatementResult commit(SqlDatasetStatement statement) {
    Dataset dataset = catalog.datasets().get(statement.target.getSimple());
    DatasetCommit commit =
        catalog
            .datasets()
            .commit(
                dataset,
                SqlDatasetStatement.text(statement.first),
                SqlDatasetStatement.text(statement.second),
                (connection, members) ->
                    catalog.memberVersions(connection, dataset.name(), members));
    List<Object[]> rows = new ArrayList<>();
    for (CommittedMember member : commit.members()) {
      if (member.snapshotId() != null) {
        keep(member, commit.retentionTag());
      }
      rows.add(
          new Object[] {
            dataset.name(),
            commit.number(),
            commit.tag(),
            member.member().schema(),
            member.member().table(),
            member.version()
          });
    }
    return ResultRows.of(allocator, COMMIT_COLUMNS, rows);
  }

  /**
   * Tags a committed member version so expiry keeps it. The tag is a metadata commit of the member
   * table: members written concurrently make it retry on the fresh metadata.
   */
  private void keep(CommittedMember member, String tag) {
    for (int attempt = 1; ; attempt++) {
      Table table = catalog.loadTable(member.member().schema(), member.member().table());
      try {
        TableVersions.createReference(table, tag, false, member.snapshotId(), true);
        return;
      } catch (org.apache.iceberg.exceptions.CommitFailedException e) {
        if (attempt == TAG_ATTEMPTS) {
          throw SheafException.of(
              ErrorCode.COMMIT_CONFLICT,
              "Cannot tag version %d of %s for dataset commit %s: the table kept changing (%d"
                  + " attempts); the commit is recorded, COMMIT DATASET again to keep it",
              member.version(),
              member.member().qualifiedName(),
              tag,
              TAG_ATTEMPTS);
        }
      }
    }
  }

  private static final int TAG_ATTEMPTS = 20;

  /** Makes the tags of every dataset commit that names a version of {@code table} and lacks one. */
  static void keepCommitted(SheafCatalog catalog, Table table) {
    var kept = catalog.datasets().keptSnapshots(table.uuid().toString());
    for (var entry : kept.entrySet()) {
      if (!table.refs().containsKey(entry.getKey()) && table.snapshot(entry.getValue()) != null) {
        TableVersions.createReference(table, entry.getKey(), false, entry.getValue(), true);
        table.refresh();
      }
    }
  }

  private StatementResult describe(SqlDatasetStatement statement) {
    Dataset dataset = catalog.datasets().get(statement.target.getSimple());
    DatasetVersion version;
    if (statement.first != null) {
      version = DatasetVersion.of(catalog, dataset, statement.first);
    } else {
      List<DatasetCommit> commits = catalog.datasets().commits(dataset.name());
      version =
          commits.isEmpty()
              ? new DatasetVersion(dataset, null, TableVersions.MAIN)
              : new DatasetVersion(dataset, commits.get(commits.size() - 1), null);
    }
    return ResultRows.of(allocator, DatasetCard.COLUMNS, new DatasetCard(catalog).rows(version));
  }

  private long branch(SqlCreateReference create) {
    if (create.kind != dev.sheaf.planner.parser.SqlReferenceKind.BRANCH) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot create a tag on a dataset: COMMIT DATASET %s TAG '%s' tags a commit",
          create.table,
          create.name.getSimple());
    }
    Dataset dataset = catalog.datasets().get(create.table.getSimple());
    String branch = create.name.getSimple();
    DatasetCommit cut = null;
    if (create.version != null) {
      cut = DatasetVersion.of(catalog, dataset, create.version).commit();
    }
    List<Table> made = new ArrayList<>();
    try {
      for (DatasetMember member : dataset.members()) {
        Table table = DatasetVersion.memberTable(catalog, dataset, member);
        Long snapshot;
        if (cut != null) {
          snapshot = new DatasetVersion(dataset, cut, null).snapshotOf(member);
        } else {
          Snapshot head = table.currentSnapshot();
          if (head == null) {
            throw SheafException.of(
                ErrorCode.VERSION_NOT_FOUND,
                "Cannot branch dataset %s: member %s has no version yet (insert rows first)",
                dataset.name(),
                member.qualifiedName());
          }
          snapshot = head.snapshotId();
        }
        if (create.ifNotExists && table.refs().containsKey(branch)) {
          continue;
        }
        TableVersions.createReference(table, branch, true, snapshot, create.getReplace());
        made.add(table);
      }
    } catch (RuntimeException e) {
      // all members or none
      for (Table table : made) {
        try {
          table.refresh();
          TableVersions.dropReference(table, branch, true);
        } catch (RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
    return 0;
  }

  private StatementResult merge(SqlDatasetStatement statement) {
    String branch = SqlDatasetStatement.text(statement.first);
    String into = SqlDatasetStatement.text(statement.second);
    List<Table> tables = new ArrayList<>();
    if (statement.dataset) {
      Dataset dataset = catalog.datasets().get(statement.target.getSimple());
      for (DatasetMember member : dataset.members()) {
        tables.add(DatasetVersion.memberTable(catalog, dataset, member));
      }
    } else {
      tables.add(TableResolver.of(statement.target).load(catalog));
    }
    // every member is checked before any is written: a conflict anywhere changes nothing
    List<BranchMerge> merges = new ArrayList<>();
    for (Table table : tables) {
      merges.add(BranchMerge.plan(table, branch, into));
    }
    merges.forEach(BranchMerge::checkConflicts);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < merges.size(); i++) {
      BranchMerge merge = merges.get(i);
      long version = merge.apply();
      Table table = tables.get(i);
      String[] name = table.name().split("\\.");
      rows.add(
          new Object[] {
            name[name.length - 2],
            name[name.length - 1],
            count(merge.changes(), RowChange.Kind.ADDED),
            count(merge.changes(), RowChange.Kind.CHANGED),
            count(merge.changes(), RowChange.Kind.REMOVED),
            version < 0 ? null : version
          });
    }
    return ResultRows.of(allocator, MERGE_COLUMNS, rows);
  }

  private static long count(List<RowChange> changes, RowChange.Kind kind) {
    return changes.stream().filter(change -> change.kind() == kind).count();
  }

  private StatementResult diff(SqlDatasetStatement statement) {
    List<Object[]> rows = new ArrayList<>();
    if (statement.dataset) {
      Dataset dataset = catalog.datasets().get(statement.target.getSimple());
      DatasetVersion from = DatasetVersion.of(catalog, dataset, statement.first);
      DatasetVersion to =
          statement.second == null ? null : DatasetVersion.of(catalog, dataset, statement.second);
      for (DatasetMember member : dataset.members()) {
        Table table = DatasetVersion.memberTable(catalog, dataset, member);
        diffRows(
            rows,
            member.table(),
            table,
            snapshot(table, from, member),
            snapshot(table, to, member));
      }
    } else {
      TableResolver resolved = TableResolver.of(statement.target);
      Table table = resolved.load(catalog);
      Snapshot to =
          statement.second == null
              ? table.currentSnapshot()
              : StatementRewriter.resolve(table, versionCall(statement.second));
      diffRows(
          rows,
          resolved.table(),
          table,
          StatementRewriter.resolve(table, versionCall(statement.first)),
          to);
    }
    return ResultRows.of(allocator, DIFF_COLUMNS, rows);
  }

  /** A member's snapshot at a dataset version; its current one for null. */
  private static Snapshot snapshot(Table table, DatasetVersion version, DatasetMember member) {
    if (version == null) {
      return table.currentSnapshot();
    }
    Long id = version.snapshotOf(member);
    return id != null ? table.snapshot(id) : TableVersions.head(table, version.branch());
  }

  private static SqlNode versionCall(SqlNode version) {
    if (!(version instanceof SqlNumericLiteral) && !(version instanceof SqlCharStringLiteral)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot diff at %s: give a version number or a quoted tag or branch name",
          version);
    }
    return dev.sheaf.planner.parser.SqlVersionOperator.INSTANCE.createCall(
        version.getParserPosition(), version);
  }

  private static void diffRows(
      List<Object[]> rows, String name, Table table, Snapshot from, Snapshot to) {
    for (RowChange change : TableDiff.between(table, from, to)) {
      rows.add(
          new Object[] {
            name,
            change.kind().name().toLowerCase(Locale.ROOT),
            change.rowId(),
            RowJson.of(change.before()),
            RowJson.of(change.after())
          });
    }
  }
}
