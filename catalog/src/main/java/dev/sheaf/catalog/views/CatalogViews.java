package dev.sheaf.catalog.views;

import dev.sheaf.catalog.CatalogNames;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.iceberg.view.View;

/**
 * Views kept as Iceberg views in the JDBC catalog (schema V1 lists tables and views in one table,
 * so a view and a table never share a name, and DROP/REPLACE are catalog commits like a table's).
 * The query is the SQL representation of dialect {@value #DIALECT}; other engines that read the
 * catalog see the view and its columns, and skip a dialect they do not know.
 */
public final class CatalogViews {
  /** The dialect of the SQL representation Sheaf writes and reads. */
  public static final String DIALECT = "sheaf";

  /**
   * The property that holds the query as Sheaf reads it: the same text as the SQL representation,
   * read from here because Iceberg's representation classes need the Immutables annotations on the
   * compiler's class path.
   */
  public static final String SQL_PROPERTY = "sheaf.view.sql";

  private final ViewCatalog iceberg;

  private final java.util.function.BiFunction<String, String, Optional<String>> versions;

  /**
   * @param versions a view's current metadata file by schema and name (one catalog row read)
   */
  public CatalogViews(
      ViewCatalog iceberg,
      java.util.function.BiFunction<String, String, Optional<String>> versions) {
    this.iceberg = iceberg;
    this.versions = versions;
  }

  /** Creates (or with {@code replace} replaces) a view; false when it exists and ifNotExists. */
  public boolean create(
      String schema,
      String name,
      String sql,
      List<SheafColumn> columns,
      Map<String, String> properties,
      boolean replace,
      boolean ifNotExists) {
    CatalogNames.check("view", name);
    int[] nextId = {1};
    List<NestedField> fields = new ArrayList<>();
    for (SheafColumn column : columns) {
      fields.add(IcebergSchemas.field(nextId, column));
    }
    var builder =
        iceberg
            .buildView(TableIdentifier.of(schema, name))
            .withSchema(new Schema(fields))
            .withDefaultNamespace(Namespace.of(schema))
            .withQuery(DIALECT, sql)
            .withProperties(properties)
            .withProperty(SQL_PROPERTY, sql);
    try {
      if (replace) {
        builder.createOrReplace();
      } else {
        builder.create();
      }
      return true;
    } catch (AlreadyExistsException e) {
      if (ifNotExists && find(schema, name).isPresent()) {
        return false;
      }
      throw SheafException.of(
          ErrorCode.TABLE_ALREADY_EXISTS,
          "Cannot create view '%s.%s': a table or view of that name exists (use CREATE OR REPLACE"
              + " VIEW to redefine a view)",
          schema,
          name);
    } catch (NoSuchNamespaceException e) {
      throw SheafException.of(
          ErrorCode.SCHEMA_NOT_FOUND,
          "Cannot create view '%s.%s': schema '%s' does not exist",
          schema,
          name,
          schema);
    }
  }

  /** The view of that name, or empty when there is none (a table of that name is not a view). */
  public Optional<StoredView> find(String schema, String name) {
    // one indexed catalog row read answers the common case (no view of that name)
    if (versions.apply(schema, name).isEmpty()) {
      return Optional.empty();
    }
    View view;
    try {
      view = iceberg.loadView(TableIdentifier.of(schema, name));
    } catch (NoSuchViewException | NoSuchNamespaceException e) {
      return Optional.empty();
    }
    String sql = view.properties().get(SQL_PROPERTY);
    if (sql == null) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot read view '%s.%s': it has no '%s' SQL (another engine defined it)",
          schema,
          name,
          DIALECT);
    }
    String version = versions.apply(schema, name).orElse("");
    return Optional.of(
        new StoredView(
            schema, name, sql, IcebergSchemas.columns(view.schema()), view.properties(), version));
  }

  /** Drops a view; false when there was none. */
  public boolean drop(String schema, String name) {
    return iceberg.dropView(TableIdentifier.of(schema, name));
  }

  /** The views of a schema, sorted. */
  public List<String> names(String schema) {
    try {
      return iceberg.listViews(Namespace.of(schema)).stream()
          .map(TableIdentifier::name)
          .sorted()
          .toList();
    } catch (NoSuchNamespaceException e) {
      return List.of();
    }
  }
}
