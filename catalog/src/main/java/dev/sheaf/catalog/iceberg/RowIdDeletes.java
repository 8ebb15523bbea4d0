package dev.sheaf.catalog.iceberg;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.util.Collection;
import java.util.UUID;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * Writes an equality delete file on {@code _rowid}: the row ids it holds are deleted from every
 * data file committed before it ({@link DeletedRowIds} reads them back). A row id names one row for
 * the table's life, so such a file deletes exactly the rows it lists, whatever files hold them.
 */
public final class RowIdDeletes {
  private RowIdDeletes() {}

  /** Writes a delete file for {@code rowIds} (sorted as written); it counts once committed. */
  public static DeleteFile write(Table table, Collection<Long> rowIds) {
    Schema schema = table.schema().select(IcebergSchemas.ROWID);
    int fieldId = schema.findField(IcebergSchemas.ROWID).fieldId();
    String location =
        table.locationProvider().newDataLocation("delete-" + UUID.randomUUID() + ".parquet");
    OutputFile output = table.io().newOutputFile(location);
    EqualityDeleteWriter<Record> writer = null;
    try {
      writer =
          Parquet.writeDeletes(output)
              .forTable(table)
              .rowSchema(schema)
              .withSpec(PartitionSpec.unpartitioned())
              .equalityFieldIds(fieldId)
              .createWriterFunc(GenericParquetWriter::create)
              .overwrite()
              .buildEqualityWriter();
      GenericRecord record = GenericRecord.create(schema);
      for (long rowId : rowIds.stream().sorted().toList()) {
        record.set(0, rowId);
        writer.write(record);
      }
      writer.close();
      return writer.toDeleteFile();
    } catch (IOException | RuntimeException e) {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException | RuntimeException ignored) {
          // the file is deleted below either way
        }
      }
      table.io().deleteFile(location);
      throw new SheafException(
          ErrorCode.STORAGE_ERROR, "Cannot write delete file " + location + ": " + e, e);
    }
  }
}
