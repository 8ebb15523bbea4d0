package dev.sheaf.planner.schema;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableVersions;
import dev.sheaf.planner.exec.TablePin;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;

/**
 * One Sheaf schema (an Iceberg namespace) for the duration of one statement. Tables load once per
 * statement, so every reference to a table in a statement sees the same snapshot.
 */
public final class SheafSchema extends AbstractSchema {
  private final SheafCatalog catalog;
  private final String namespace;
  private final BufferAllocator allocator;
  private final TablePin pin;
  private final MissingCells missingCells;
  private final dev.sheaf.planner.views.IteratorViews iteratorViews;
  private final Set<String> caughtUp = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Map<String, Optional<org.apache.iceberg.Table>> loaded =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param pin a table of this schema to read at a fixed snapshot when named plainly, or null
   * @param missingCells how scans compute the computed cells their files do not hold yet
   */
  public SheafSchema(
      SheafCatalog catalog,
      String namespace,
      BufferAllocator allocator,
      TablePin pin,
      MissingCells missingCells) {
    this(catalog, namespace, allocator, pin, missingCells, null);
  }

  /**
   * @param iteratorViews brings an iterator view up to its base before a statement reads it, or
   *     null
   */
  public SheafSchema(
      SheafCatalog catalog,
      String namespace,
      BufferAllocator allocator,
      TablePin pin,
      MissingCells missingCells,
      dev.sheaf.planner.views.IteratorViews iteratorViews) {
    this.iteratorViews = iteratorViews;
    this.catalog = catalog;
    this.missingCells = missingCells;
    this.allocator = allocator;
    this.pin = pin;
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public Lookup<Table> tables() {
    return new Lookup<>() {
      @Override
      public Table get(String name) {
        return resolve(name);
      }

      @Override
      public Named<Table> getIgnoreCase(String name) {
        Table table = resolve(name);
        if (table == null) {
          table = resolve(name.toLowerCase(Locale.ROOT));
          name = name.toLowerCase(Locale.ROOT);
        }
        return table == null ? null : new Named<>(name, table);
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        Set<String> names = new LinkedHashSet<>();
        var matcher = pattern.matcher();
        for (String table : catalog.tables(namespace)) {
          if (matcher.apply(table)) {
            names.add(table);
          }
        }
        return names;
      }
    };
  }

  @Override
  public boolean isMutable() {
    return true;
  }

  /**
   * The version of every table this schema looked up so far: table name to its current metadata
   * file, or {@link #ABSENT} when no such table existed. A compiled statement stays valid while
   * these are unchanged.
   */
  public Map<String, String> tableVersions() {
    Map<String, String> versions = new HashMap<>();
    loaded.forEach(
        (name, table) -> versions.put(name, table.map(SheafSchema::version).orElse(ABSENT)));
    return versions;
  }

  /** The version of a table: the location of its current metadata file. */
  public static String version(org.apache.iceberg.Table table) {
    if (table instanceof HasTableOperations operations) {
      return operations.operations().current().metadataFileLocation();
    }
    throw new IllegalStateException("table " + table.name() + " has no metadata file");
  }

  /** The table version recorded for a table that did not exist. */
  public static final String ABSENT = "";

  /** The iceberg table behind a name, loaded once per statement. */
  public Optional<org.apache.iceberg.Table> icebergTable(String table) {
    return loaded.computeIfAbsent(table, t -> catalog.findTable(namespace, t));
  }

  /**
   * An iterator view read now is first brought up to its base's current version. The base is looked
   * up first, so a plan kept for the statement depends on the base's version too (and is compiled
   * again, catching up again, once the base moves).
   */
  private void catchUp(org.apache.iceberg.Table table) {
    var definition = dev.sheaf.planner.views.IteratorViewDefinition.of(table);
    if (definition.isEmpty() || !caughtUp.add(table.name())) {
      return;
    }
    if (definition.get().baseSchema().equals(namespace)) {
      icebergTable(definition.get().baseTable());
    }
    if (iteratorViews.catchUp(table)) {
      table.refresh();
    }
  }

  private Table resolve(String text) {
    TableName name = TableName.parse(text);
    if (pin != null
        && pin.table().equals(name.table())
        && name.snapshotId() == null
        && name.branch() == null
        && name.systemTable() == null) {
      name = name.withSnapshot(pin.snapshotId());
    }
    Optional<org.apache.iceberg.Table> found = icebergTable(name.table());
    if (found.isEmpty()) {
      if ("history".equals(name.systemTable())
          && catalog.datasets().find(name.table()).isPresent()) {
        return new DatasetHistoryTable(catalog.datasets(), name.table());
      }
      return null;
    }
    org.apache.iceberg.Table table = found.get();
    if (iteratorViews != null
        && name.snapshotId() == null
        && name.branch() == null
        && name.systemTable() == null) {
      catchUp(table);
    }
    if (name.systemTable() != null) {
      if (name.systemTable().equals("history")) {
        return new HistoryTable(table);
      }
      if (name.systemTable().equals("refs")) {
        return new RefsTable(table);
      }
      throw SheafException.of(
          ErrorCode.TABLE_NOT_FOUND,
          "Cannot find system table '%s' of table %s (Sheaf has $history and $refs)",
          name.systemTable(),
          name.table());
    }
    if (name.snapshotId() != null) {
      Snapshot snapshot = table.snapshot(name.snapshotId());
      if (snapshot == null) {
        // expired or never there: reading it as an empty table would be a silent wrong answer
        throw SheafException.of(
            ErrorCode.VERSION_NOT_FOUND,
            "Cannot read snapshot %d of table %s: it does not exist or has expired (SELECT"
                + " snapshot_id FROM \"%s$history\" lists the versions kept)",
            name.snapshotId(),
            name.table(),
            name.table());
      }
      return new SheafTable(
          table, name, snapshot, TableVersions.schema(table, snapshot), allocator, missingCells);
    }
    return new SheafTable(
        table,
        name,
        TableVersions.head(table, name.branch()),
        table.schema(),
        allocator,
        missingCells);
  }
}
