package dev.sheaf.planner.exec;

import dev.sheaf.catalog.NewTable;
import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.arrow.ArrowIngest;
import dev.sheaf.catalog.arrow.IngestColumns;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.planner.media.MediaIngest;
import dev.sheaf.planner.media.MediaPinning;
import dev.sheaf.planner.schema.TableName;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.Table;

/**
 * Bulk ingest of Arrow batches into a table (what ADBC's {@code adbc_ingest} and Flight SQL's
 * CommandStatementIngest send): append or replace in one commit, or create the table from the
 * data's schema when asked, together with its rows in one commit.
 */
public final class TableIngest {
  /** What to do with the table. */
  public enum Mode {
    /** Create the table; fail when it exists. */
    CREATE,
    /** Append; fail when the table does not exist. */
    APPEND,
    /** Append, creating the table when it does not exist. */
    CREATE_APPEND,
    /** Replace the rows (a new version holds only the new rows), creating the table if needed. */
    REPLACE
  }

  private final SheafCatalog catalog;
  private final ArrowIngest ingest;
  private final BufferAllocator allocator;
  private final MediaStores media;
  private final ComputedEvaluator.Scope scope;

  public TableIngest(
      SheafCatalog catalog,
      BufferAllocator allocator,
      MediaStores media,
      dev.sheaf.planner.model.Models models) {
    this.catalog = catalog;
    this.allocator = allocator;
    this.media = media;
    this.ingest = new ArrowIngest(new TableWrites(catalog), allocator);
    this.scope = new ComputedEvaluator.Scope(catalog, allocator, media, models);
  }

  public long ingest(String schema, String tableName, ArrowReader batches, Mode mode) {
    String namespace = schema == null || schema.isEmpty() ? SheafCatalog.DEFAULT_SCHEMA : schema;
    TableName name = TableName.parse(tableName);
    Optional<Table> existing = catalog.findTable(namespace, name.table());
    Schema incoming = schema(batches);
    Table table;
    if (existing.isPresent()) {
      if (mode == Mode.CREATE) {
        throw SheafException.of(
            ErrorCode.TABLE_ALREADY_EXISTS,
            "Cannot ingest into new table %s.%s: it already exists (append or replace instead)",
            namespace,
            name.table());
      }
      table = existing.get();
      if (dev.sheaf.planner.views.IteratorViewDefinition.of(table).isPresent()) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot ingest into %s.%s: it is an iterator view, whose rows follow its base table"
                + " (ingest into the base table)",
            namespace,
            name.table());
      }
      IngestColumns.check(
          namespace + "." + name.table(), incoming, IcebergSchemas.columns(table.schema()));
    } else {
      if (mode == Mode.APPEND) {
        throw SheafException.of(
            ErrorCode.TABLE_NOT_FOUND,
            "Cannot append to table %s.%s: it does not exist (ingest with create mode)",
            namespace,
            name.table());
      }
      List<SheafColumn> inferred = columns(incoming);
      IngestColumns.check(namespace + "." + name.table(), incoming, inferred);
      // the table appears with its rows in one commit: an ingest that fails (or a crash) leaves
      // no table behind, and nobody sees it empty meanwhile
      NewTable created = catalog.newTable(namespace, name.table(), inferred, List.of());
      long rows = write(created.table(), name, batches, mode);
      created.commit();
      return rows;
    }
    return write(table, name, batches, mode);
  }

  private long write(Table table, TableName name, ArrowReader batches, Mode mode) {
    List<SheafColumn> columns = IcebergSchemas.columns(table.schema());
    List<ArrowReader> wrappers = new ArrayList<>();
    ArrowReader rows = batches;
    try {
      if (MediaIngest.needed(batches.getVectorSchemaRoot().getSchema(), columns)) {
        rows = new MediaIngest(allocator, batches, new MediaPinning(media, table), columns);
        wrappers.add(rows);
      }
      ComputedIngest.refuseComputed(
          batches.getVectorSchemaRoot().getSchema(),
          ComputedWriteCheck.computedColumns(table),
          table.name());
      ComputedEvaluator computed = scope.evaluator(table);
      if (computed != null) {
        rows = new ComputedIngest(allocator, rows, computed, columns, table.name());
        wrappers.add(rows);
      }
      return ingest.ingest(table, name.branch(), rows, mode == Mode.REPLACE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ArrowReader wrapper : wrappers.reversed()) {
        try {
          wrapper.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static Schema schema(ArrowReader batches) {
    try {
      return batches.getVectorSchemaRoot().getSchema();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<SheafColumn> columns(Schema incoming) {
    List<SheafColumn> columns = new ArrayList<>();
    for (Field field : incoming.getFields()) {
      SheafType type = ArrowTypes.inferSheafType(field);
      if (type == null) {
        throw SheafException.of(
            ErrorCode.UNSUPPORTED_TYPE,
            "Cannot create a column '%s' of Arrow type %s: Sheaf has no type that holds its values"
                + " unchanged (%s)",
            field.getName(),
            field.getType(),
            hint(field.getType()));
      }
      columns.add(new SheafColumn(field.getName(), type, true));
    }
    return columns;
  }

  private static String hint(ArrowType type) {
    return switch (type) {
      case ArrowType.Null n -> "every value is null: give the column a type, or leave it out";
      case ArrowType.Time t -> "send it as text, or as a TIMESTAMP";
      case ArrowType.Duration d -> "send it as a BIGINT count of microseconds";
      case ArrowType.Interval i -> "send it as a BIGINT count of microseconds";
      case ArrowType.Decimal d -> "decimals hold up to 38 digits: cast to float64 or to text";
      default -> "cast it to a supported type first";
    };
  }
}
