package dev.sheaf.planner;

import dev.sheaf.catalog.config.CatalogConfig;
import java.nio.file.Path;

/** The embedded default: a SQLite catalog file and a warehouse directory. */
class SqliteLocalStorageTest extends StorageContractTest {
  @Override
  protected CatalogConfig config(Path directory) {
    return CatalogConfig.embedded(directory);
  }
}
