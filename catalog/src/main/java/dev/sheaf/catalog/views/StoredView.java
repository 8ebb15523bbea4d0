package dev.sheaf.catalog.views;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.types.SheafColumn;
import java.util.List;
import java.util.Map;

/**
 * A view as the catalog keeps it: its query as the user wrote it (SQL resolved in {@code schema}),
 * the columns it had when it was defined, its properties ({@code sheaf.view.*}), and its version
 * (the location of its current metadata file).
 */
public record StoredView(
    String schema,
    String name,
    String sql,
    List<SheafColumn> columns,
    Map<String, String> properties,
    String version) {
  public StoredView {
    requireNonNull(schema, "schema is null");
    requireNonNull(name, "name is null");
    requireNonNull(sql, "sql is null");
    columns = List.copyOf(columns);
    properties = Map.copyOf(properties);
    requireNonNull(version, "version is null");
  }
}
