package dev.sheaf.catalog.arrow;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.parquet.ParquetMetricsRowGroupFilter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * Which row groups of a Parquet file a {@link RowFilter} can match, judged from the min/max and
 * null-count statistics in the file's footer by Iceberg's row-group filter: the same statistics
 * Arrow's scanner uses to skip row groups. A file none of whose row groups can match is not opened
 * for decoding at all.
 *
 * <p>Footers are parsed straight from the file's tail (no Hadoop file system) and kept, a few
 * hundred of them, by path and length: Iceberg never rewrites a data file in place, so repeated
 * queries over the same files (a point query, say) read each footer once.
 */
final class ParquetRowGroups {
  private static final int CACHED_FOOTERS = 256;
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final ParquetMetadataConverter CONVERTER =
      new ParquetMetadataConverter(
          ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
  private static final Map<String, ParquetMetadata> FOOTERS =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ParquetMetadata> eldest) {
              return size() > CACHED_FOOTERS;
            }
          });

  private ParquetRowGroups() {}

  /** A file's footer and the row groups of it that may hold a matching row. */
  record Kept(ParquetMetadata footer, List<Integer> groups) {
    Kept {
      groups = List.copyOf(groups);
    }

    /** Row groups in the file. */
    int total() {
      return footer.getBlocks().size();
    }
  }

  /** The row groups of {@code file} whose statistics allow a row {@code filter} keeps. */
  static Kept select(File file, List<NestedField> fields, RowFilter filter) {
    Schema schema = new Schema(fields.stream().distinct().toList());
    ParquetMetricsRowGroupFilter statistics =
        new ParquetMetricsRowGroupFilter(schema, toIceberg(filter, schema));
    ParquetMetadata footer = footer(file);
    MessageType fileSchema = footer.getFileMetaData().getSchema();
    List<BlockMetaData> groups = footer.getBlocks();
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      if (statistics.shouldRead(fileSchema, groups.get(i))) {
        kept.add(i);
      }
    }
    return new Kept(footer, kept);
  }

  /** The file's footer, from the cache when it was read before. */
  static ParquetMetadata footer(File file) {
    String key = file.getPath() + "#" + file.length();
    ParquetMetadata cached = FOOTERS.get(key);
    if (cached != null) {
      return cached;
    }
    try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
      long size = channel.size();
      ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, tail, size - 8);
      byte[] magic = new byte[4];
      tail.get(4, magic);
      int length = tail.getInt(0);
      if (!Arrays.equals(magic, MAGIC) || length <= 0 || length > size - 12) {
        throw new IOException("not a Parquet file (no footer)");
      }
      ByteBuffer bytes = ByteBuffer.allocate(length);
      readFully(channel, bytes, size - 8 - length);
      ParquetMetadata footer =
          CONVERTER.readParquetMetadata(
              new ByteArrayInputStream(bytes.array()), ParquetMetadataConverter.NO_FILTER);
      FOOTERS.put(key, footer);
      return footer;
    } catch (IOException | RuntimeException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR, "Cannot read the footer of data file " + file + ": " + e, e);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("file ends early");
      }
    }
  }

  /** The filter as an Iceberg expression over the schema's column names. */
  static Expression toIceberg(RowFilter filter, Schema schema) {
    return switch (filter) {
      case RowFilter.Compare compare -> compare(compare, schema);
      case RowFilter.IsNull isNull -> {
        String name = schema.findColumnName(isNull.fieldId());
        yield isNull.negated() ? Expressions.notNull(name) : Expressions.isNull(name);
      }
      case RowFilter.And and ->
          and.parts().stream()
              .map(part -> toIceberg(part, schema))
              .reduce(Expressions::and)
              .orElseThrow();
      case RowFilter.Or or ->
          or.parts().stream()
              .map(part -> toIceberg(part, schema))
              .reduce(Expressions::or)
              .orElseThrow();
      case RowFilter.Not not -> Expressions.not(toIceberg(not.inner(), schema));
    };
  }

  private static Expression compare(RowFilter.Compare compare, Schema schema) {
    String name = schema.findColumnName(compare.fieldId());
    Object value = compare.value();
    Type.TypeID type = schema.findType(compare.fieldId()).typeId();
    if (value instanceof Long number && (type == Type.TypeID.INTEGER || type == Type.TypeID.DATE)) {
      value = Math.toIntExact(number); // SubstraitFilter pushes only values in range
    }
    return switch (compare.operator()) {
      case EQUAL -> Expressions.equal(name, value);
      case NOT_EQUAL -> Expressions.notEqual(name, value);
      case LESS -> Expressions.lessThan(name, value);
      case LESS_OR_EQUAL -> Expressions.lessThanOrEqual(name, value);
      case GREATER -> Expressions.greaterThan(name, value);
      case GREATER_OR_EQUAL -> Expressions.greaterThanOrEqual(name, value);
    };
  }
}
