package dev.sheaf.catalog.iceberg;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Writes rows of a table's full schema ({@code _rowid} first) into new Parquet data files, rolling
 * to a new file every {@code rowsPerFile} rows. Files become visible only when a commit adds them;
 * {@link #abort()} deletes what was written.
 */
public final class DataFileWriter implements AutoCloseable {
  private final Table table;
  private final Schema schema;
  private final List<NestedField> fields;
  private final List<SheafType> types;
  private final long rowsPerFile;
  private final List<DataFile> written = new ArrayList<>();
  private DataWriter<org.apache.iceberg.data.Record> current;

  /** One record reused for every row: the Parquet writer copies values out as it writes them. */
  private GenericRecord record;

  private long rowsInCurrent;

  public DataFileWriter(Table table, Schema schema, long rowsPerFile) {
    this.table = table;
    this.schema = schema;
    this.fields = schema.columns();
    this.types = fields.stream().map(IcebergSchemas::sheafType).toList();
    this.rowsPerFile = rowsPerFile;
  }

  /** Writes one row; {@code row[i]} is the value of the schema's i-th column. */
  public void write(Object[] row) {
    if (current == null) {
      current = open();
      record = GenericRecord.create(schema);
      rowsInCurrent = 0;
    }
    for (int i = 0; i < fields.size(); i++) {
      NestedField field = fields.get(i);
      Object value = row[i];
      if (value == null && field.isRequired()) {
        throw SheafException.of(
            ErrorCode.NOT_NULL_VIOLATION,
            "Cannot write NULL into column '%s': the column is NOT NULL (give it a value)",
            field.name());
      }
      record.set(i, IcebergValues.toIceberg(field.name(), types.get(i), value));
    }
    current.write(record);
    if (++rowsInCurrent >= rowsPerFile) {
      closeCurrent();
    }
  }

  /** Closes the open file and returns every file written. */
  public List<DataFile> finish() {
    closeCurrent();
    return List.copyOf(written);
  }

  /** Deletes every file written so far; used when the statement fails before its commit. */
  public void abort() {
    try {
      closeCurrent();
    } catch (RuntimeException ignored) {
      // the files are deleted below either way
    }
    for (DataFile file : written) {
      table.io().deleteFile(file.location());
    }
    written.clear();
  }

  @Override
  public void close() {
    closeCurrent();
  }

  private DataWriter<org.apache.iceberg.data.Record> open() {
    String location = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    OutputFile output = table.io().newOutputFile(location);
    try {
      return Parquet.writeData(output)
          .schema(schema)
          .createWriterFunc(GenericParquetWriter::create)
          .withSpec(PartitionSpec.unpartitioned())
          .overwrite()
          .build();
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          "Cannot create data file " + location + ": " + e.getMessage(),
          e);
    }
  }

  private void closeCurrent() {
    if (current == null) {
      return;
    }
    try {
      current.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    written.add(current.toDataFile());
    current = null;
  }

  /** Writes all rows into new files of {@code table} and returns them; nothing on failure. */
  public static List<DataFile> writeAll(
      Table table, Schema schema, long rowsPerFile, Iterable<Object[]> rows) {
    DataFileWriter writer = new DataFileWriter(table, schema, rowsPerFile);
    try {
      for (Object[] row : rows) {
        writer.write(row);
      }
      return writer.finish();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }
}
