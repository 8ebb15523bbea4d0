package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.views.StoredView;
import dev.sheaf.planner.model.Models;
import dev.sheaf.planner.parser.SqlCreateView;
import dev.sheaf.planner.parser.SqlDropView;
import dev.sheaf.planner.views.IteratorViewDefinition;
import dev.sheaf.planner.views.IteratorViews;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.sql.SqlNode;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * CREATE VIEW and DROP VIEW of filter and sampled views, and the check that a view's query still
 * gives the columns it was defined with ({@link ViewExpansion.ViewCheck}).
 */
final class ViewDefinitions implements ViewExpansion.ViewCheck {
  private final SheafCatalog catalog;
  private final BufferAllocator allocator;
  private final dev.sheaf.catalog.media.MediaStores media;
  private final Models models;
  private final IteratorViews iteratorViews;
  private final IteratorViewDdl iteratorDdl;

  /**
   * @param ddl runs a DDL statement (an iterator view's payload column)
   */
  ViewDefinitions(
      SheafCatalog catalog,
      BufferAllocator allocator,
      dev.sheaf.catalog.media.MediaStores media,
      Models models,
      IteratorViews iteratorViews,
      java.util.function.Consumer<String> ddl) {
    this.catalog = catalog;
    this.allocator = allocator;
    this.media = media;
    this.models = models;
    this.iteratorViews = iteratorViews;
    this.iteratorDdl = new IteratorViewDdl(catalog, iteratorViews, ddl);
  }

  IteratorViews iteratorViews() {
    return iteratorViews;
  }

  /** Validates the view's query and stores it with the columns it gives. */
  void create(SqlCreateView create, String sql) {
    TableResolver name = TableResolver.of(create.name);
    var iterator = IteratorViewDdl.iteratorCall(create.query);
    if (iterator != null) {
      if (create.stratum != null) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot stratify iterator view %s: sample it in a view of its own",
            name.table());
      }
      iteratorDdl.create(name, iterator, create.getReplace(), create.ifNotExists);
      return;
    }
    var existing = catalog.findTable(name.schema(), name.table());
    if (existing.isPresent()) {
      if (IteratorViewDefinition.of(existing.get()).isEmpty()
          || !(create.getReplace() || create.ifNotExists)) {
        throw SheafException.of(
            ErrorCode.TABLE_ALREADY_EXISTS,
            "Cannot create view '%s.%s': a table or iterator view of that name exists",
            name.schema(),
            name.table());
      }
      if (create.ifNotExists) {
        return;
      }
      iteratorDdl.drop(name, existing.get());
    }
    if (create.ifNotExists && catalog.views().find(name.schema(), name.table()).isPresent()) {
      return;
    }
    Map<String, String> properties = new HashMap<>();
    if (create.stratum != null) {
      properties.put(ViewExpansion.STRATIFY_PROPERTY, create.stratum.getSimple());
    }
    StoredView draft =
        new StoredView(
            name.schema(), name.table(), create.queryText(sql), List.of(), properties, "");
    List<SheafColumn> columns = columnsOf(draft);
    Set<String> seen = new HashSet<>();
    for (SheafColumn column : columns) {
      if (!seen.add(column.name())) {
        throw SheafException.of(
            ErrorCode.INVALID_QUERY,
            "Cannot create view '%s': its query gives two columns named '%s' (name them with AS)",
            name.table(),
            column.name());
      }
    }
    catalog
        .views()
        .create(
            name.schema(),
            name.table(),
            draft.sql(),
            columns,
            properties,
            create.getReplace(),
            create.ifNotExists);
  }

  void drop(SqlDropView drop) {
    TableResolver name = TableResolver.of(drop.name);
    var table = catalog.findTable(name.schema(), name.table());
    if (table.isPresent() && IteratorViewDefinition.of(table.get()).isPresent()) {
      iteratorDdl.drop(name, table.get());
      return;
    }
    if (!catalog.views().drop(name.schema(), name.table()) && !drop.ifExists) {
      String hint =
          catalog.findTable(name.schema(), name.table()).isPresent()
              ? " (it is a table: DROP TABLE)"
              : "";
      throw SheafException.of(
          ErrorCode.TABLE_NOT_FOUND,
          "Cannot drop view '%s.%s': it does not exist%s",
          name.schema(),
          name.table(),
          hint);
    }
  }

  @Override
  public List<SheafColumn> columns(StoredView view) {
    return columnsOf(view);
  }

  @Override
  public boolean iteratorView(String schema, String table) {
    var found = catalog.findTable(schema, table);
    return found.isPresent() && IteratorViewDefinition.of(found.get()).isPresent();
  }

  @Override
  public long iteratorSnapshot(String schema, String table, SqlNode period) {
    Table view = catalog.loadTable(schema, table);
    IteratorViewDefinition definition = IteratorViewDefinition.of(view).orElseThrow();
    Table base = iteratorViews.base(table, definition);
    Snapshot wanted = StatementRewriter.resolve(base, period);
    Snapshot found = null;
    for (Snapshot snapshot : view.snapshots()) {
      if (String.valueOf(wanted.snapshotId()).equals(IteratorViews.reflected(snapshot))
          && (found == null || snapshot.sequenceNumber() > found.sequenceNumber())) {
        found = snapshot;
      }
    }
    if (found == null) {
      throw SheafException.of(
          ErrorCode.VERSION_NOT_FOUND,
          "Cannot read iterator view %s at version %s of %s: the view has no version for it (it"
              + " was created later, or that version of %s was written by another server and"
              + " never read here)",
          table,
          period,
          definition.baseTable(),
          definition.baseTable());
    }
    return found.snapshotId();
  }

  /** The columns a view's query gives now (validated and converted, not run). */
  private List<SheafColumn> columnsOf(StoredView view) {
    StatementContext context = new StatementContext(catalog, allocator, null, media, models);
    StatementRewriter rewriter = new StatementRewriter(catalog);
    SqlNode query = new ViewExpansion(catalog, null, node -> node).definition(view);
    SqlNode validated = context.validateBuilt(rewriter.rewrite(query));
    return context.resultColumns(context.rel(validated), models).stream()
        .map(column -> new SheafColumn(column.name(), column.type(), column.nullable()))
        .toList();
  }
}
