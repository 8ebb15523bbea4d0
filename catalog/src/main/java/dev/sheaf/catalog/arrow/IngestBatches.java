package dev.sheaf.catalog.arrow;

import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.JsonText;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Client batches reshaped into a table's file layout: {@code _rowid} first (fresh ids), then the
 * table's columns matched by name, each in the table's Arrow type. Columns the client did not send
 * are null; a NOT NULL column must be sent. When the table has a primary key, the key values of
 * every row are kept for the check before the commit.
 */
final class IngestBatches extends ArrowReader {
  static final long ROW_ID_BLOCK = 1L << 20;

  private final ArrowReader source;
  private final Table table;
  private final TableWrites writes;
  private final Schema fileSchema;
  private final List<NestedField> fields;
  private final List<SheafType> types;
  private final int[] keyPositions;
  private final List<Object[]> keyRows = new ArrayList<>();
  private long rows;
  private RuntimeException failure;
  private long nextRowId;
  private long rowIdsLeft;

  IngestBatches(
      BufferAllocator allocator,
      ArrowReader source,
      Table table,
      TableWrites writes,
      Schema fileSchema) {
    super(allocator);
    this.source = source;
    this.table = table;
    this.writes = writes;
    this.fileSchema = fileSchema;
    this.fields = table.schema().columns();
    this.types = fields.stream().map(IcebergSchemas::sheafType).toList();
    List<String> key = IcebergSchemas.primaryKey(table.schema());
    this.keyPositions = new int[key.size()];
    for (int i = 0; i < key.size(); i++) {
      keyPositions[i] = fields.indexOf(table.schema().findField(key.get(i)));
    }
  }

  long rows() {
    return rows;
  }

  /** Key values of every row written, as user-column rows with only the key columns set. */
  List<Object[]> keyRows() {
    return keyRows;
  }

  /** The error a batch raised while native code was pulling batches, if any. */
  RuntimeException failure() {
    return failure;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    try {
      if (!source.loadNextBatch()) {
        return false;
      }
      VectorSchemaRoot in = source.getVectorSchemaRoot();
      VectorSchemaRoot out = getVectorSchemaRoot();
      int count = in.getRowCount();
      out.allocateNew();
      long firstRowId = rowIds(count);
      BigIntVector rowIds = (BigIntVector) out.getVector(0);
      for (int r = 0; r < count; r++) {
        rowIds.setSafe(r, firstRowId + r);
      }
      rowIds.setValueCount(count);
      for (int c = 1; c < fields.size(); c++) {
        fill(in, out.getVector(c), c, count);
      }
      collectKeys(out, count);
      out.setRowCount(count);
      rows += count;
      return true;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /**
   * Row ids for the next {@code count} rows, reserved from the catalog in blocks of {@link
   * #ROW_ID_BLOCK} so a large ingest makes few catalog round trips; ids left over are skipped.
   */
  private long rowIds(int count) {
    if (rowIdsLeft < count) {
      long block = Math.max(count, ROW_ID_BLOCK);
      nextRowId = writes.allocateRowIds(table, block);
      rowIdsLeft = block;
    }
    long first = nextRowId;
    nextRowId += count;
    rowIdsLeft -= count;
    return first;
  }

  private void fill(VectorSchemaRoot in, FieldVector target, int column, int count) {
    NestedField field = fields.get(column);
    FieldVector source = find(in, field.name());
    if (source == null) {
      if (field.isRequired() && count > 0) {
        throw SheafException.of(
            ErrorCode.NOT_NULL_VIOLATION,
            "Cannot ingest into table %s: column '%s' is NOT NULL but the data has no such column",
            table.name(),
            field.name());
      }
      target.setValueCount(count);
      return;
    }
    if (field.isRequired() && source.getNullCount() > 0) {
      throw SheafException.of(
          ErrorCode.NOT_NULL_VIOLATION,
          "Cannot ingest into table %s: column '%s' is NOT NULL but %d rows are null",
          table.name(),
          field.name(),
          source.getNullCount());
    }
    SheafType type = types.get(column);
    if (source.getField().getType().equals(target.getField().getType())) {
      if (type.kind() == TypeKind.JSON) {
        for (int r = 0; r < count; r++) {
          if (!source.isNull(r)) {
            JsonText.check(field.name(), source.getObject(r).toString());
          }
        }
      }
      source.makeTransferPair(target).transfer();
      return;
    }
    for (int r = 0; r < count; r++) {
      ArrowValues.write(target, r, type, ArrowCoercion.sheafValue(source, r, type, field.name()));
    }
    target.setValueCount(count);
  }

  private static FieldVector find(VectorSchemaRoot root, String name) {
    FieldVector exact = root.getVector(name);
    if (exact != null) {
      return exact;
    }
    for (FieldVector vector : root.getFieldVectors()) {
      if (vector.getName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return vector;
      }
    }
    return null;
  }

  private void collectKeys(VectorSchemaRoot out, int count) {
    if (keyPositions.length == 0) {
      return;
    }
    for (int r = 0; r < count; r++) {
      Object[] row = new Object[fields.size() - 1];
      for (int position : keyPositions) {
        row[position - 1] = ArrowValues.read(out.getVector(position), r, types.get(position));
      }
      keyRows.add(row);
    }
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    // the caller owns the source
  }

  @Override
  protected Schema readSchema() {
    return fileSchema;
  }
}
