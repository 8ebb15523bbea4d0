package dev.sheaf.planner;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.compute.model.ModelRegistry;
import dev.sheaf.compute.model.ModelSettings;
import dev.sheaf.planner.exec.BackfillJobs;
import dev.sheaf.planner.exec.PartitionPlan;
import dev.sheaf.planner.exec.PreparedInfo;
import dev.sheaf.planner.exec.StatementExecutor;
import dev.sheaf.planner.exec.StatementResult;
import dev.sheaf.planner.exec.TableIngest;
import dev.sheaf.planner.exec.TablePin;
import dev.sheaf.planner.media.MediaOnError;
import dev.sheaf.planner.model.CatalogModelStore;
import dev.sheaf.planner.model.Models;
import dev.sheaf.planner.model.StoreModelObjects;
import dev.sheaf.planner.result.KeptResultSettings;
import dev.sheaf.planner.result.KeptResults;
import dev.sheaf.planner.similarity.VectorIndexes;
import dev.sheaf.planner.vector.RowWindow;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Sheaf embedded: open a data directory (or a catalog configuration), run SQL, read Arrow batches.
 * This is the entry point the Flight SQL server and the benchmarks use. Thread-safe: statements may
 * run concurrently; each sees the table versions current when it started.
 */
public final class SheafEngine implements AutoCloseable {
  static {
    // Reuse Calcite's generated code for statements that compile to the same source (the same
    // query text with other parameter values, say) instead of compiling it with Janino each time.
    if (System.getProperty("calcite.bindable.cache.maxSize") == null) {
      System.setProperty("calcite.bindable.cache.maxSize", "512");
    }
  }

  private final SheafCatalog catalog;
  private final BufferAllocator allocator;
  private final boolean ownsAllocator;
  private final StatementExecutor executor;
  private final TableIngest ingest;
  private final MediaStores media;
  private final StoreModelObjects modelObjects;
  private final Models models;
  private final KeptResults keptResults;
  private final VectorIndexes indexes;

  private SheafEngine(
      SheafCatalog catalog,
      BufferAllocator allocator,
      boolean ownsAllocator,
      MediaConfig media,
      KeptResultSettings kept,
      ModelSettings models) {
    this.catalog = catalog;
    this.allocator = allocator;
    this.ownsAllocator = ownsAllocator;
    this.media = MediaStores.open(media);
    this.modelObjects = new StoreModelObjects(this.media, catalog.config());
    this.models =
        new Models(
            new ModelRegistry(models, modelObjects),
            new CatalogModelStore(catalog.modelDefinitions()));
    this.keptResults = new KeptResults(kept, allocator, InstantSource.system());
    this.indexes = new VectorIndexes(indexRoot(kept), allocator, catalog.config().indexLocation());
    this.executor =
        new StatementExecutor(catalog, allocator, this.media, this.models, keptResults, indexes);
    this.ingest = new TableIngest(catalog, allocator, this.media, this.models);
    executor.jobs().resume();
  }

  /** Opens the embedded default: a SQLite catalog and local warehouse inside {@code directory}. */
  public static SheafEngine open(Path directory) {
    return new SheafEngine(
        SheafCatalog.open(CatalogConfig.embedded(directory)),
        new RootAllocator(),
        true,
        MediaConfig.defaults(directory),
        KeptResultSettings.defaults(directory),
        ModelSettings.defaults(directory));
  }

  /** Opens a data directory with media settings (file roots, destination, validation). */
  public static SheafEngine open(Path directory, MediaConfig media) {
    return new SheafEngine(
        SheafCatalog.open(CatalogConfig.embedded(directory)),
        new RootAllocator(),
        true,
        media,
        KeptResultSettings.defaults(directory),
        ModelSettings.defaults(directory));
  }

  public static SheafEngine open(CatalogConfig config) {
    return new SheafEngine(
        SheafCatalog.open(config),
        new RootAllocator(),
        true,
        mediaFor(config),
        keptFor(config),
        modelsFor(config));
  }

  /** Opens with a caller-owned allocator; results allocate from it. */
  public static SheafEngine open(CatalogConfig config, BufferAllocator allocator) {
    return new SheafEngine(
        SheafCatalog.open(config),
        allocator,
        false,
        mediaFor(config),
        keptFor(config),
        modelsFor(config));
  }

  /** Opens with a caller-owned allocator and media settings. */
  public static SheafEngine open(
      CatalogConfig config, BufferAllocator allocator, MediaConfig media) {
    return new SheafEngine(
        SheafCatalog.open(config), allocator, false, media, keptFor(config), modelsFor(config));
  }

  /**
   * Opens with a caller-owned allocator, media settings and where results are kept for partitioned
   * reading (the server's configuration).
   */
  public static SheafEngine open(
      CatalogConfig config,
      BufferAllocator allocator,
      MediaConfig media,
      KeptResultSettings keptResults) {
    return new SheafEngine(
        SheafCatalog.open(config), allocator, false, media, keptResults, modelsFor(config));
  }

  /**
   * Opens with everything the server configures: also where CREATE MODEL may load files from and
   * how models run.
   */
  public static SheafEngine open(
      CatalogConfig config,
      BufferAllocator allocator,
      MediaConfig media,
      KeptResultSettings keptResults,
      ModelSettings models) {
    return new SheafEngine(SheafCatalog.open(config), allocator, false, media, keptResults, models);
  }

  /** Models under {@code models} next to a local warehouse (in the data directory), else here. */
  private static ModelSettings modelsFor(CatalogConfig config) {
    if (!config.isS3Warehouse()) {
      Path parent = Path.of(config.warehouse()).toAbsolutePath().getParent();
      if (parent != null) {
        return ModelSettings.defaults(parent);
      }
    }
    return ModelSettings.defaults(Path.of("sheaf-data"));
  }

  /**
   * Vector indexes live in {@code indexes} of the data directory, beside kept results (local disk
   * also for S3 warehouses: an index is rebuilt from the data files when it is missing).
   */
  private static Path indexRoot(KeptResultSettings kept) {
    Path parent = kept.directory().toAbsolutePath().getParent();
    return (parent == null ? Path.of("sheaf-data") : parent).resolve("indexes");
  }

  /** Kept results next to a local warehouse (its parent is the data directory), else here. */
  private static KeptResultSettings keptFor(CatalogConfig config) {
    if (!config.isS3Warehouse()) {
      Path parent = Path.of(config.warehouse()).toAbsolutePath().getParent();
      if (parent != null) {
        return KeptResultSettings.defaults(parent);
      }
    }
    return KeptResultSettings.defaults(Path.of("sheaf-data"));
  }

  /** Media defaults next to a local warehouse (its parent is the data directory), else here. */
  private static MediaConfig mediaFor(CatalogConfig config) {
    if (!config.isS3Warehouse()) {
      Path parent = Path.of(config.warehouse()).toAbsolutePath().getParent();
      if (parent != null) {
        return MediaConfig.defaults(parent);
      }
    }
    return MediaConfig.defaults(Path.of("sheaf-data"));
  }

  /**
   * The media stores: where every media read goes. Register S3 and https stores here; the media
   * cache wraps {@link MediaStores#open(dev.sheaf.spi.media.BlobPin,
   * dev.sheaf.spi.media.ByteRange)}.
   */
  public MediaStores media() {
    return media;
  }

  /** The schemas and tables this engine serves, for clients' metadata calls. */
  public TableDirectory tables() {
    return new TableDirectory(catalog());
  }

  /**
   * Where CREATE SOURCE's credentials profiles come from (the server's settings and environment);
   * the process environment until set.
   */
  public void sourceProfiles(dev.sheaf.catalog.sources.SourceProfiles profiles) {
    executor.sourceProfiles(profiles);
  }

  public SheafCatalog catalog() {
    return catalog;
  }

  /** The engine's open Lucene indexes (tests count their warehouse transfers). */
  VectorIndexes indexes() {
    return indexes;
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  /**
   * Bulk ingest: writes every batch of {@code batches} into {@code schema.table} (schema null for
   * the default) in one commit; columns match by name. Returns the rows written.
   */
  public long ingest(String schema, String table, ArrowReader batches, TableIngest.Mode mode) {
    long rows = executor.translating(() -> ingest.ingest(schema, table, batches, mode));
    executor.afterWrite(schema, table);
    return rows;
  }

  /**
   * Plans a query for reading in {@code partitions} disjoint parts of one pinned snapshot (one part
   * when it is not a single-table scan). Each part is then read with {@link #executePartition}.
   */
  public PartitionPlan partition(String sql, int partitions) {
    return partition(sql, partitions, new AtomicBoolean());
  }

  /**
   * Plans a query for partitions; a query that does not split at its table scan is computed now and
   * kept (see {@link KeptResults}) when more than one partition is asked. Setting {@code cancel}
   * stops that computation with CANCELLED.
   */
  public PartitionPlan partition(String sql, int partitions, AtomicBoolean cancel) {
    return partition(sql, partitions, cancel, MediaOnError.NULL);
  }

  /** {@link #partition(String, int, AtomicBoolean)}, with what media functions do on a bad cell. */
  public PartitionPlan partition(
      String sql, int partitions, AtomicBoolean cancel, MediaOnError onError) {
    return executor.partition(sql, partitions, cancel, onError);
  }

  /**
   * Reads part {@code window} of a kept result of {@link #partition}, in the result's order; fails
   * with RESULT_EXPIRED when it expired or was evicted.
   */
  public StatementResult executeKept(String resultId, RowWindow window) {
    return executor.executeKept(resultId, window);
  }

  /** The results kept for partitioned reading. */
  public KeptResults keptResults() {
    return keptResults;
  }

  /**
   * Reads part {@code window} of a query planned by {@link #partition}; the same rows every time.
   */
  public StatementResult executePartition(
      String sql, TablePin pin, RowWindow window, AtomicBoolean cancel) {
    return executePartition(sql, pin, window, cancel, MediaOnError.NULL);
  }

  /** {@link #executePartition(String, TablePin, RowWindow, AtomicBoolean)}, with an error mode. */
  public StatementResult executePartition(
      String sql, TablePin pin, RowWindow window, AtomicBoolean cancel, MediaOnError onError) {
    return executor.executePartition(sql, pin, window, cancel, onError);
  }

  /** Plans a statement without running it: what it returns and what parameters it takes. */
  public PreparedInfo prepare(String sql) {
    return executor.prepare(sql);
  }

  /** Runs one statement. The caller closes the result. */
  public StatementResult execute(String sql) {
    return execute(sql, List.of(), new AtomicBoolean());
  }

  /**
   * Runs one statement with positional parameters ({@code ?}) bound to Java values: Boolean,
   * Integer, Long, Float, Double, BigDecimal, String, LocalDate, LocalDateTime, Instant, byte[],
   * float[]. Setting {@code cancel} stops the statement with CANCELLED.
   */
  public StatementResult execute(String sql, List<Object> parameters, AtomicBoolean cancel) {
    return execute(sql, parameters, cancel, MediaOnError.NULL);
  }

  /**
   * Runs one statement; {@code onError} says what its media functions do when one cell fails: give
   * NULL (the default; {@code try_error(f(...))} reads the error) or fail the statement.
   */
  public StatementResult execute(
      String sql, List<Object> parameters, AtomicBoolean cancel, MediaOnError onError) {
    return executor.execute(sql, parameters, cancel, onError);
  }

  /**
   * Runs an update once per parameter row: INSERT, UPDATE, DELETE and MERGE commit all of them as
   * one version. Returns the number of rows written.
   */
  public long executeBatch(String sql, List<List<Object>> parameterRows, AtomicBoolean cancel) {
    return executor.executeBatch(sql, parameterRows, cancel, MediaOnError.NULL);
  }

  /**
   * How many compiled queries the engine keeps for their next execution (see {@code PlanCache}):
   * for monitoring and tests.
   */
  public int cachedPlans() {
    return executor.cachedPlans();
  }

  /** The models statements call (built in, and those CREATE MODEL stored). */
  public Models models() {
    return models;
  }

  /** The backfill jobs of computed columns (also the table {@code sys.jobs}). */
  public BackfillJobs jobs() {
    return executor.jobs();
  }

  @Override
  public void close() {
    executor.jobs().close();
    keptResults.close();
    indexes.close();
    models.close();
    modelObjects.close();
    media.close();
    catalog.close();
    if (ownsAllocator) {
      allocator.close();
    }
  }
}
