package dev.sheaf.catalog.models;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.CatalogConnection;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models CREATE MODEL defined, in the catalog database, so they survive a restart and every
 * server on a shared catalog sees them.
 *
 * <p>Format: table {@code sheaf_models(name VARCHAR(255) PRIMARY KEY, format_version INTEGER, task
 * VARCHAR(64), source VARCHAR(4000), options VARCHAR(4000), created_at BIGINT)}, version 1 (a row
 * of another version fails on read with "expected 1, found N"); {@code options} is {@code
 * key=value} pairs joined by {@code &}, each part URL-encoded in UTF-8.
 */
public final class ModelDefinitionStore implements AutoCloseable {
  static final int FORMAT_VERSION = 1;

  private final CatalogConnection connection;

  public ModelDefinitionStore(CatalogConfig config) {
    try {
      this.connection = new CatalogConnection(config);
      try (Statement statement = connection.get().createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS sheaf_models (name VARCHAR(255) PRIMARY KEY,"
                + " format_version INTEGER NOT NULL, task VARCHAR(64) NOT NULL,"
                + " source VARCHAR(4000) NOT NULL, options VARCHAR(4000) NOT NULL,"
                + " created_at BIGINT NOT NULL)");
      }
    } catch (SQLException e) {
      throw new SheafException(
          ErrorCode.CATALOG_ERROR,
          "Cannot open the catalog database for models: " + e.getMessage(),
          e);
    }
  }

  /** Stores a model; MODEL_ALREADY_EXISTS when another server stored one of that name first. */
  public synchronized void add(StoredModel model) {
    try (PreparedStatement insert =
        connection
            .get()
            .prepareStatement(
                "INSERT INTO sheaf_models (name, format_version, task, source, options, created_at)"
                    + " VALUES (?,?,?,?,?,?)")) {
      insert.setString(1, model.name());
      insert.setInt(2, FORMAT_VERSION);
      insert.setString(3, model.task());
      insert.setString(4, model.source());
      insert.setString(5, encode(model.options()));
      insert.setLong(6, model.createdAt());
      insert.executeUpdate();
    } catch (SQLException e) {
      if (find(model.name()) != null) {
        throw SheafException.of(
            ErrorCode.MODEL_ALREADY_EXISTS,
            "Cannot create model '%s': a model of that name exists",
            model.name());
      }
      throw failure("store", e);
    }
  }

  /** Removes a model; false when there was none. */
  public synchronized boolean remove(String name) {
    try (PreparedStatement delete =
        connection.get().prepareStatement("DELETE FROM sheaf_models WHERE name = ?")) {
      delete.setString(1, name);
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failure("drop", e);
    }
  }

  /** The model of that name, or null. */
  public synchronized StoredModel find(String name) {
    List<StoredModel> found = select(" WHERE name = ?", name);
    return found.isEmpty() ? null : found.get(0);
  }

  /** Every model, by name. */
  public synchronized List<StoredModel> list() {
    return select(" ORDER BY name", null);
  }

  private List<StoredModel> select(String where, String name) {
    List<StoredModel> models = new ArrayList<>();
    try (PreparedStatement select =
        connection
            .get()
            .prepareStatement(
                "SELECT name, format_version, task, source, options, created_at FROM sheaf_models"
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
                "Cannot read model %s: format version expected %d, found %d (upgrade Sheaf)",
                rows.getString(1),
                FORMAT_VERSION,
                version);
          }
          models.add(
              new StoredModel(
                  rows.getString(1),
                  rows.getString(3),
                  rows.getString(4),
                  decode(rows.getString(5)),
                  rows.getLong(6)));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return models;
  }

  static String encode(Map<String, String> options) {
    List<String> parts = new ArrayList<>();
    options.forEach(
        (key, value) ->
            parts.add(
                URLEncoder.encode(key, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return String.join("&", parts);
  }

  static Map<String, String> decode(String text) {
    Map<String, String> options = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return options;
    }
    for (String part : text.split("&")) {
      int eq = part.indexOf('=');
      options.put(
          URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return options;
  }

  private static SheafException failure(String what, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR,
        "Cannot " + what + " a model in the catalog database: " + e.getMessage(),
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
