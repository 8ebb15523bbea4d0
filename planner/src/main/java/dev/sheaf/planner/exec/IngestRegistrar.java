package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.ingest.CopiedObject;
import dev.sheaf.catalog.ingest.CopyRegistrar;
import dev.sheaf.catalog.ingest.MigrationRun;
import dev.sheaf.catalog.ingest.SourceUris;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Registers a batch of copied objects as rows of the migration's table with one batched {@code
 * INSERT} (one table version), so every row goes the way SQL rows go: the media column validated
 * and pinned ({@code MediaPinning}), STORED computed columns computed, indexes updated. Besides the
 * media column (the destination URI), it fills the table's columns named {@code source_uri}
 * (VARCHAR: where the object came from), {@code size_bytes} (BIGINT) and {@code sha256} (VARCHAR),
 * where the table has them. Returns the table's version after the insert.
 */
final class IngestRegistrar implements CopyRegistrar {
  private final SheafCatalog catalog;
  private final BiFunction<String, List<List<Object>>, Long> insert;

  IngestRegistrar(SheafCatalog catalog, BiFunction<String, List<List<Object>>, Long> insert) {
    this.catalog = catalog;
    this.insert = insert;
  }

  @Override
  public long register(MigrationRun run, List<CopiedObject> copies) {
    Table table = catalog.loadTable(run.schemaName(), run.tableName());
    Map<String, TypeKind> kinds =
        IcebergSchemas.columns(table.schema()).stream()
            .collect(Collectors.toMap(SheafColumn::name, column -> column.type().kind()));
    List<String> names = new ArrayList<>(List.of(run.column()));
    boolean source = kinds.get("source_uri") == TypeKind.VARCHAR;
    boolean size = kinds.get("size_bytes") == TypeKind.BIGINT;
    boolean sha256 = kinds.get("sha256") == TypeKind.VARCHAR;
    if (source) {
      names.add("source_uri");
    }
    if (size) {
      names.add("size_bytes");
    }
    if (sha256) {
      names.add("sha256");
    }
    List<List<Object>> rows = new ArrayList<>();
    for (CopiedObject copy : copies) {
      List<Object> row = new ArrayList<>();
      row.add(copy.destination().uri().toString());
      if (source) {
        row.add(SourceUris.display(copy.source()));
      }
      if (size) {
        row.add(copy.destination().size());
      }
      if (sha256) {
        row.add(copy.sha256());
      }
      rows.add(row);
    }
    String sql =
        "INSERT INTO "
            + quote(run.schemaName())
            + "."
            + quote(run.tableName())
            + " ("
            + names.stream().map(IngestRegistrar::quote).collect(Collectors.joining(", "))
            + ") VALUES ("
            + names.stream().map(name -> "?").collect(Collectors.joining(", "))
            + ")";
    insert.apply(sql, rows);
    table.refresh();
    Snapshot current = table.currentSnapshot();
    return current == null ? -1 : current.snapshotId();
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
