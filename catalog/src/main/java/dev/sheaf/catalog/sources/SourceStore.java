package dev.sheaf.catalog.sources;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.CatalogConnection;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sources CREATE SOURCE defined, in the catalog database, so every server on a shared catalog
 * sees them.
 *
 * <p>Format: table {@code sheaf_sources(name VARCHAR(255) PRIMARY KEY, format_version INTEGER, uri
 * VARCHAR(4000), source_table VARCHAR(1000), credentials VARCHAR(255), created_at BIGINT)}, version
 * 1 (a row of another version fails on read with "expected 1, found N"). No secret is stored:
 * {@code credentials} is a profile's name.
 */
public final class SourceStore implements AutoCloseable {
  static final int FORMAT_VERSION = 1;

  private final CatalogConnection connection;

  public SourceStore(CatalogConfig config) {
    try {
      this.connection = new CatalogConnection(config);
      try (Statement statement = connection.get().createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS sheaf_sources (name VARCHAR(255) PRIMARY KEY,"
                + " format_version INTEGER NOT NULL, uri VARCHAR(4000) NOT NULL,"
                + " source_table VARCHAR(1000), credentials VARCHAR(255),"
                + " created_at BIGINT NOT NULL)");
      }
    } catch (SQLException e) {
      throw new SheafException(
          ErrorCode.CATALOG_ERROR,
          "Cannot open the catalog database for sources: " + e.getMessage(),
          e);
    }
  }

  /** Stores a source; SOURCE_ALREADY_EXISTS when one of that name exists. */
  public synchronized void add(SourceDefinition source) {
    try (PreparedStatement insert =
        connection
            .get()
            .prepareStatement(
                "INSERT INTO sheaf_sources (name, format_version, uri, source_table, credentials,"
                    + " created_at) VALUES (?,?,?,?,?,?)")) {
      insert.setString(1, source.name());
      insert.setInt(2, FORMAT_VERSION);
      insert.setString(3, source.uri());
      insert.setString(4, source.table());
      insert.setString(5, source.credentials());
      insert.setLong(6, source.createdAt());
      insert.executeUpdate();
    } catch (SQLException e) {
      if (find(source.name()).isPresent()) {
        throw SheafException.of(
            ErrorCode.SOURCE_ALREADY_EXISTS,
            "Cannot create source '%s': a source of that name exists (DROP SOURCE it first)",
            source.name());
      }
      throw failure("store", e);
    }
  }

  /** Removes a source; false when there was none. */
  public synchronized boolean remove(String name) {
    try (PreparedStatement delete =
        connection.get().prepareStatement("DELETE FROM sheaf_sources WHERE name = ?")) {
      delete.setString(1, name);
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failure("drop", e);
    }
  }

  public synchronized Optional<SourceDefinition> find(String name) {
    List<SourceDefinition> found = select(" WHERE name = ?", name);
    return found.stream().findFirst();
  }

  /** Every source, by name. */
  public synchronized List<SourceDefinition> list() {
    return select(" ORDER BY name", null);
  }

  private List<SourceDefinition> select(String where, String name) {
    List<SourceDefinition> sources = new ArrayList<>();
    try (PreparedStatement select =
        connection
            .get()
            .prepareStatement(
                "SELECT name, format_version, uri, source_table, credentials, created_at"
                    + " FROM sheaf_sources"
                    + where)) {
      if (name != null) {
        select.setString(1, name);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          int version = rows.getInt(2);
          if (version != FORMAT_VERSION) {
            throw SheafException.of(
                ErrorCode.CATALOG_ERROR,
                "Cannot read source %s: format version expected %d, found %d (upgrade Sheaf)",
                rows.getString(1),
                FORMAT_VERSION,
                version);
          }
          sources.add(
              new SourceDefinition(
                  rows.getString(1),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getLong(6)));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return sources;
  }

  private static SheafException failure(String what, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR,
        "Cannot " + what + " a source in the catalog database: " + e.getMessage(),
        e);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing a connection we no longer use
    }
  }
}
