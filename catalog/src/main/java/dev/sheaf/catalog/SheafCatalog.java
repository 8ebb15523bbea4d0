package dev.sheaf.catalog;

import static dev.sheaf.spi.error.ErrorCode.SCHEMA_ALREADY_EXISTS;
import static dev.sheaf.spi.error.ErrorCode.SCHEMA_NOT_EMPTY;
import static dev.sheaf.spi.error.ErrorCode.SCHEMA_NOT_FOUND;
import static dev.sheaf.spi.error.ErrorCode.TABLE_ALREADY_EXISTS;
import static dev.sheaf.spi.error.ErrorCode.TABLE_NOT_FOUND;

import dev.sheaf.catalog.computed.LazyCells;
import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.CatalogConnections;
import dev.sheaf.catalog.datasets.CommittedMember;
import dev.sheaf.catalog.datasets.DatasetMember;
import dev.sheaf.catalog.datasets.DatasetStore;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.WarehouseFileIO;
import dev.sheaf.catalog.jobs.BackfillJobStore;
import dev.sheaf.catalog.jobs.JobLeases;
import dev.sheaf.catalog.media.MediaReadPins;
import dev.sheaf.catalog.models.ModelDefinitionStore;
import dev.sheaf.catalog.provenance.ProvenanceStore;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * Sheaf's tables: schemas (Iceberg namespaces) and tables in Iceberg's JDBC catalog, on an embedded
 * SQLite file or a shared PostgreSQL database.
 */
public final class SheafCatalog implements AutoCloseable {
  /** The schema unqualified table names resolve in. */
  public static final String DEFAULT_SCHEMA = "main";

  /** Connections to the catalog database for Sheaf's own tables (row ids, media read pins). */
  private static final int CONNECTIONS = 4;

  /**
   * SQL states after which Iceberg's JDBC client pool reconnects and runs the call again, beside
   * its own (connection failures, serialization failure): PostgreSQL's admin shutdown, crash
   * shutdown and "cannot connect now", what a restart leaves on open connections.
   */
  private static final String RETRYABLE_STATES = "57P01,57P02,57P03";

  private final CatalogConfig config;
  private final CatalogConnections connections;
  private final JdbcCatalog iceberg;
  private final RowIdAllocator rowIds;
  private final MediaReadPins mediaReadPins;
  private final ProvenanceStore provenance;
  private final DatasetStore datasets;
  private dev.sheaf.catalog.ingest.MigrationCheckpoints ingestCheckpoints;
  private final dev.sheaf.catalog.sources.SourceStore sources;
  private final dev.sheaf.catalog.sources.SyncCursors syncCursors;
  private final dev.sheaf.catalog.sources.SyncErrorStore syncErrors;
  private final BackfillJobStore backfillJobs;
  private final JobLeases jobLeases;
  private final LazyCells lazyCells = new LazyCells();
  private final DeleteCompaction deleteCompaction = new DeleteCompaction();
  private final ModelDefinitionStore modelDefinitions;
  private final MetadataLocations locations;
  private final dev.sheaf.catalog.views.CatalogViews views;

  private SheafCatalog(
      CatalogConfig config,
      CatalogConnections connections,
      JdbcCatalog iceberg,
      MetadataLocations locations) {
    this.config = config;
    this.connections = connections;
    this.iceberg = iceberg;
    this.rowIds = new RowIdAllocator(connections);
    this.mediaReadPins = new MediaReadPins(connections);
    this.provenance = new ProvenanceStore(connections);
    this.datasets = new DatasetStore(connections);
    this.sources = new dev.sheaf.catalog.sources.SourceStore(config);
    this.syncCursors = new dev.sheaf.catalog.sources.SyncCursors(config);
    this.syncErrors = new dev.sheaf.catalog.sources.SyncErrorStore(config);
    this.backfillJobs = new BackfillJobStore(config);
    this.jobLeases = new JobLeases(config);
    this.modelDefinitions = new ModelDefinitionStore(config);
    this.locations = locations;
    this.views = new dev.sheaf.catalog.views.CatalogViews(iceberg, locations::currentView);
  }

  public static SheafCatalog open(CatalogConfig config) {
    if (config.isSqlite()) {
      createParent(Path.of(config.catalogUri().substring("jdbc:sqlite:".length())));
    }
    if (!config.warehouse().contains("://")) {
      createParent(Path.of(config.warehouse(), "x"));
    }
    Map<String, String> properties = new HashMap<>(WarehouseFileIO.properties(config));
    properties.put(CatalogProperties.URI, config.catalogUri());
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, config.warehouse());
    properties.put("jdbc.schema-version", "V1");
    if (config.catalogUser() != null) {
      properties.put("jdbc.user", config.catalogUser());
    }
    if (config.catalogPassword() != null) {
      properties.put("jdbc.password", config.catalogPassword());
    }
    properties.put("retryable_status_codes", RETRYABLE_STATES);
    if (config.isSqlite()) {
      properties.put("jdbc.busy_timeout", "30000");
      properties.put(CatalogProperties.CLIENT_POOL_SIZE, "1");
    }
    AtomicReference<JdbcClientPool> pool = new AtomicReference<>();
    JdbcCatalog catalog =
        new JdbcCatalog(
            null,
            settings -> {
              pool.set(new JdbcClientPool(settings.get(CatalogProperties.URI), settings));
              return pool.get();
            },
            true);
    catalog.setConf(new Configuration());
    try {
      catalog.initialize("sheaf", properties);
    } catch (RuntimeException e) {
      throw new SheafException(
          ErrorCode.CATALOG_ERROR,
          "Cannot open the catalog at " + config.catalogUri() + ": " + rootMessage(e),
          e);
    }
    SheafCatalog sheaf =
        new SheafCatalog(
            config,
            new CatalogConnections(config, CONNECTIONS),
            catalog,
            new MetadataLocations(pool.get(), catalog.name()));
    if (!sheaf.schemaExists(DEFAULT_SCHEMA)) {
      sheaf.createSchema(DEFAULT_SCHEMA, true);
    }
    return sheaf;
  }

  public CatalogConfig config() {
    return config;
  }

  public List<String> schemas() {
    return iceberg.listNamespaces().stream().map(n -> n.level(0)).sorted().toList();
  }

  public boolean schemaExists(String schema) {
    return iceberg.namespaceExists(Namespace.of(schema));
  }

  public void createSchema(String schema, boolean ifNotExists) {
    CatalogNames.check("schema", schema);
    if (schemaExists(schema)) {
      if (ifNotExists) {
        return;
      }
      throw SheafException.of(
          SCHEMA_ALREADY_EXISTS,
          "Cannot create schema '%s': it already exists (use CREATE SCHEMA IF NOT EXISTS)",
          schema);
    }
    try {
      iceberg.createNamespace(Namespace.of(schema));
    } catch (AlreadyExistsException e) {
      if (!ifNotExists) {
        throw SheafException.of(
            SCHEMA_ALREADY_EXISTS, "Cannot create schema '%s': it already exists", schema);
      }
    }
  }

  public void dropSchema(String schema, boolean ifExists, boolean cascade) {
    if (!schemaExists(schema)) {
      if (ifExists) {
        return;
      }
      throw SheafException.of(
          SCHEMA_NOT_FOUND, "Cannot drop schema '%s': it does not exist", schema);
    }
    List<String> tables = tables(schema);
    if (!tables.isEmpty() && !cascade) {
      throw SheafException.of(
          SCHEMA_NOT_EMPTY,
          "Cannot drop schema '%s': it holds %d tables (drop them first or use DROP SCHEMA ... CASCADE)",
          schema,
          tables.size());
    }
    for (String table : tables) {
      dropTable(schema, table, true);
    }
    if (cascade) {
      views.names(schema).forEach(view -> views.drop(schema, view));
    }
    try {
      iceberg.dropNamespace(Namespace.of(schema));
    } catch (NamespaceNotEmptyException e) {
      throw SheafException.of(
          SCHEMA_NOT_EMPTY, "Cannot drop schema '%s': another writer added a table", schema);
    }
  }

  /** The views of the catalog (Iceberg views in the JDBC catalog). */
  public dev.sheaf.catalog.views.CatalogViews views() {
    return views;
  }

  public List<String> tables(String schema) {
    try {
      return iceberg.listTables(Namespace.of(schema)).stream()
          .map(TableIdentifier::name)
          .sorted()
          .toList();
    } catch (NoSuchNamespaceException e) {
      throw SheafException.of(
          SCHEMA_NOT_FOUND, "Cannot list tables of schema '%s': it does not exist", schema);
    }
  }

  public Optional<Table> findTable(String schema, String table) {
    try {
      return Optional.of(iceberg.loadTable(TableIdentifier.of(schema, table)));
    } catch (NoSuchTableException | NoSuchNamespaceException e) {
      return Optional.empty();
    }
  }

  /**
   * The version of {@code schema.table} as it is in the catalog now: the location of its current
   * metadata file (what {@link #findTable} would load), or empty when there is no such table. A
   * single catalog row read, much cheaper than loading the table.
   */
  public Optional<String> currentVersion(String schema, String table) {
    return locations.current(schema, table);
  }

  public Table loadTable(String schema, String table) {
    return findTable(schema, table)
        .orElseThrow(
            () ->
                SheafException.of(
                    TABLE_NOT_FOUND,
                    "Cannot find table '%s.%s' (SHOW TABLES lists the tables there are)",
                    schema,
                    table));
  }

  /**
   * Creates a table, or returns null when it exists and {@code ifNotExists} is set. Tables are
   * Iceberg format v2, unpartitioned, zstd-compressed Parquet.
   */
  public Table createTable(
      String schema,
      String table,
      List<SheafColumn> columns,
      List<String> primaryKey,
      boolean ifNotExists) {
    try {
      return tableBuilder(schema, table, columns, primaryKey).create();
    } catch (AlreadyExistsException e) {
      if (ifNotExists) {
        return null;
      }
      throw alreadyExists(schema, table);
    }
  }

  /**
   * Begins creating a table (as {@link #createTable} makes it) that appears only with its first
   * rows: write them to {@link NewTable#table()}, then {@link NewTable#commit()}.
   */
  public NewTable newTable(
      String schema, String table, List<SheafColumn> columns, List<String> primaryKey) {
    try {
      return new NewTable(
          tableBuilder(schema, table, columns, primaryKey).createTransaction(), schema, table);
    } catch (AlreadyExistsException e) {
      throw alreadyExists(schema, table);
    }
  }

  private org.apache.iceberg.catalog.Catalog.TableBuilder tableBuilder(
      String schema, String table, List<SheafColumn> columns, List<String> primaryKey) {
    CatalogNames.check("table", table);
    if (!schemaExists(schema)) {
      throw SheafException.of(
          SCHEMA_NOT_FOUND,
          "Cannot create table '%s.%s': schema '%s' does not exist (CREATE SCHEMA %s first)",
          schema,
          table,
          schema,
          schema);
    }
    Schema icebergSchema = IcebergSchemas.newSchema(columns, primaryKey);
    Map<String, String> properties =
        Map.of(
            TableProperties.FORMAT_VERSION, "2",
            TableProperties.PARQUET_COMPRESSION, "zstd",
            TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, String.valueOf(32L << 20));
    return iceberg
        .buildTable(TableIdentifier.of(schema, table), icebergSchema)
        .withProperties(properties);
  }

  private static SheafException alreadyExists(String schema, String table) {
    return SheafException.of(
        TABLE_ALREADY_EXISTS,
        "Cannot create table '%s.%s': it already exists (use CREATE TABLE IF NOT EXISTS or DROP"
            + " TABLE first)",
        schema,
        table);
  }

  /** Drops a table and deletes its files; returns false when it did not exist and ifExists. */
  public boolean dropTable(String schema, String table, boolean ifExists) {
    boolean dropped = iceberg.dropTable(TableIdentifier.of(schema, table), true);
    if (!dropped && !ifExists) {
      throw SheafException.of(
          TABLE_NOT_FOUND, "Cannot drop table '%s.%s': it does not exist", schema, table);
    }
    return dropped;
  }

  public void renameTable(String schema, String table, String newSchema, String newTable) {
    CatalogNames.check("table", newTable);
    loadTable(schema, table);
    if (findTable(newSchema, newTable).isPresent()) {
      throw SheafException.of(
          TABLE_ALREADY_EXISTS,
          "Cannot rename table '%s.%s' to '%s.%s': that name is taken",
          schema,
          table,
          newSchema,
          newTable);
    }
    iceberg.renameTable(TableIdentifier.of(schema, table), TableIdentifier.of(newSchema, newTable));
  }

  /** Reserves {@code count} row ids for a table and returns the first. */
  public long allocateRowIds(Table table, long count) {
    return rowIds.allocate(table.uuid().toString(), count);
  }

  /** The pins of media cells taken at their first read (on_read tables), kept per table version. */
  public MediaReadPins mediaReadPins() {
    return mediaReadPins;
  }

  /** Datasets: named sets of tables committed, branched and merged as one. */
  public DatasetStore datasets() {
    return datasets;
  }

  /**
   * Reads the current version of every member in one statement of {@code connection} (a consistent
   * cut of Iceberg's table pointers), for a dataset commit. DATASET_INVALID when a member was
   * dropped, or renamed and another table took its name.
   */
  public List<CommittedMember> memberVersions(
      java.sql.Connection connection, String dataset, List<DatasetMember> members)
      throws java.sql.SQLException {
    Map<String, String> locations = new HashMap<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT table_namespace, table_name, metadata_location FROM iceberg_tables WHERE"
                + " catalog_name = ? AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL) AND (");
    for (int i = 0; i < members.size(); i++) {
      sql.append(i == 0 ? "" : " OR ").append("(table_namespace = ? AND table_name = ?)");
    }
    sql.append(')');
    try (java.sql.PreparedStatement select = connection.prepareStatement(sql.toString())) {
      int index = 1;
      select.setString(index++, iceberg.name());
      for (DatasetMember member : members) {
        select.setString(index++, member.schema());
        select.setString(index++, member.table());
      }
      try (java.sql.ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          locations.put(rows.getString(1) + "." + rows.getString(2), rows.getString(3));
        }
      }
    }
    List<CommittedMember> versions = new java.util.ArrayList<>();
    for (DatasetMember member : members) {
      String location = locations.get(member.qualifiedName());
      Table table =
          location == null ? null : findTable(member.schema(), member.table()).orElse(null);
      if (table == null || !table.uuid().toString().equals(member.tableUuid())) {
        throw SheafException.of(
            ErrorCode.DATASET_INVALID,
            "Cannot commit dataset %s: its member %s was dropped or renamed since the dataset was"
                + " made (DROP DATASET %s and CREATE it again with the tables it should hold)",
            dataset,
            member.qualifiedName(),
            dataset);
      }
      org.apache.iceberg.TableMetadata metadata =
          org.apache.iceberg.TableMetadataParser.read(table.io(), location);
      org.apache.iceberg.Snapshot current = metadata.currentSnapshot();
      versions.add(
          current == null
              ? new CommittedMember(member, null, 0)
              : new CommittedMember(member, current.snapshotId(), current.sequenceNumber()));
    }
    return versions;
  }

  /**
   * The checkpoints of media migrations ({@code sheaf ingest media}), recording provenance, opened
   * on first use.
   */
  public synchronized dev.sheaf.catalog.ingest.MigrationCheckpoints ingestCheckpoints() {
    if (ingestCheckpoints == null) {
      ingestCheckpoints = new dev.sheaf.catalog.ingest.MigrationCheckpoints(config, provenance);
    }
    return ingestCheckpoints;
  }

  /** The sources CREATE SOURCE defined. */
  public dev.sheaf.catalog.sources.SourceStore sources() {
    return sources;
  }

  /** How far each sync of a source into a table has read. */
  public dev.sheaf.catalog.sources.SyncCursors syncCursors() {
    return syncCursors;
  }

  /** The source rows syncs could not write. */
  public dev.sheaf.catalog.sources.SyncErrorStore syncErrors() {
    return syncErrors;
  }

  /** Where rows and media came from: ingest and sync runs and their entries. */
  public ProvenanceStore provenance() {
    return provenance;
  }

  /** The backfill jobs of computed columns, kept in the catalog database. */
  public BackfillJobStore backfillJobs() {
    return backfillJobs;
  }

  /** Which server runs each backfill job, for servers sharing this catalog. */
  public JobLeases jobLeases() {
    return jobLeases;
  }

  /** Computed cells that queries computed ahead of the backfill, for it to store. */
  public LazyCells lazyCells() {
    return lazyCells;
  }

  /** Folds merge-on-read deletes back into data files in the background. */
  public DeleteCompaction deleteCompaction() {
    return deleteCompaction;
  }

  /** The models CREATE MODEL defined, kept in the catalog database. */
  public ModelDefinitionStore modelDefinitions() {
    return modelDefinitions;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (ingestCheckpoints != null) {
        ingestCheckpoints.close();
      }
    }
    deleteCompaction.close();
    modelDefinitions.close();
    sources.close();
    syncCursors.close();
    syncErrors.close();
    backfillJobs.close();
    jobLeases.close();
    iceberg.close();
    connections.close();
  }

  private static void createParent(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          "Cannot create directory for " + file + ": " + e.getMessage(),
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
