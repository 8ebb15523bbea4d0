package dev.sheaf.catalog.arrow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One flat column of a Parquet file as the point lookup ({@link ParquetPointLookup}) reads it: its
 * values come out of {@link ColumnPages} as Java values (Long, Integer, Float, Double, Boolean,
 * byte[] for strings, binaries and decimals stored as bytes) and go into the Arrow vector Arrow's
 * C++ reader would have made for the same column, so a scan sees the same batch whichever reader
 * read it. Only columns whose file type is the table's type exactly are read this way (a narrower
 * type left by ALTER COLUMN, lists and structs go to Arrow's reader).
 */
record LookupColumn(ColumnDescriptor descriptor, Type type, Field field) {
  private static final String FIELD_ID = "PARQUET:field_id";

  /** The column for {@code type} stored as {@code file}, or null when the lookup cannot read it. */
  static LookupColumn of(MessageType fileSchema, org.apache.parquet.schema.Type file, Type type) {
    if (!file.isPrimitive()
        || file.isRepetition(org.apache.parquet.schema.Type.Repetition.REPEATED)) {
      return null;
    }
    PrimitiveType primitive = file.asPrimitiveType();
    ArrowType arrow = arrowType(primitive, type);
    if (arrow == null) {
      return null;
    }
    ColumnDescriptor descriptor = fileSchema.getColumnDescription(new String[] {file.getName()});
    Map<String, String> metadata =
        file.getId() == null ? null : Map.of(FIELD_ID, Integer.toString(file.getId().intValue()));
    return new LookupColumn(
        descriptor,
        type,
        new Field(file.getName(), new FieldType(true, arrow, null, metadata), null));
  }

  /** The Arrow type Arrow's reader gives this column, or null when it is not one read here. */
  private static ArrowType arrowType(PrimitiveType file, Type type) {
    LogicalTypeAnnotation logical = file.getLogicalTypeAnnotation();
    PrimitiveType.PrimitiveTypeName physical = file.getPrimitiveTypeName();
    return switch (type) {
      case Types.LongType t
          when physical == PrimitiveType.PrimitiveTypeName.INT64 && plainInteger(logical, 64) ->
          new ArrowType.Int(64, true);
      case Types.IntegerType t
          when physical == PrimitiveType.PrimitiveTypeName.INT32 && plainInteger(logical, 32) ->
          new ArrowType.Int(32, true);
      case Types.DateType t
          when physical == PrimitiveType.PrimitiveTypeName.INT32
              && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ->
          new ArrowType.Date(DateUnit.DAY);
      case Types.FloatType t
          when physical == PrimitiveType.PrimitiveTypeName.FLOAT && logical == null ->
          new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case Types.DoubleType t
          when physical == PrimitiveType.PrimitiveTypeName.DOUBLE && logical == null ->
          new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case Types.BooleanType t when physical == PrimitiveType.PrimitiveTypeName.BOOLEAN ->
          ArrowType.Bool.INSTANCE;
      case Types.StringType t
          when physical == PrimitiveType.PrimitiveTypeName.BINARY
              && logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation ->
          ArrowType.Utf8.INSTANCE;
      case Types.BinaryType t
          when physical == PrimitiveType.PrimitiveTypeName.BINARY && logical == null ->
          ArrowType.Binary.INSTANCE;
      case Types.TimestampType t
          when physical == PrimitiveType.PrimitiveTypeName.INT64
              && logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp
              && timestamp.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS
              && timestamp.isAdjustedToUTC() == t.shouldAdjustToUTC() ->
          new ArrowType.Timestamp(TimeUnit.MICROSECOND, t.shouldAdjustToUTC() ? "UTC" : null);
      case Types.DecimalType t
          when logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal
              && decimal.getPrecision() == t.precision()
              && decimal.getScale() == t.scale() ->
          new ArrowType.Decimal(t.precision(), t.scale(), 128);
      default -> null;
    };
  }

  private static boolean plainInteger(LogicalTypeAnnotation logical, int bits) {
    return logical == null
        || (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
            && integer.isSigned()
            && integer.getBitWidth() == bits);
  }

  /** A vector of this column holding {@code values} (nulls included). */
  FieldVector vector(BufferAllocator allocator, List<Object> values) {
    FieldVector vector = field.createVector(allocator);
    try {
      vector.setInitialCapacity(Math.max(1, values.size())); // a few rows: not 4k slots zeroed
      vector.allocateNew();
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        if (value != null) {
          set(vector, i, value);
        }
      }
      vector.setValueCount(values.size());
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  private void set(FieldVector vector, int index, Object value) {
    switch (vector) {
      case BigIntVector longs -> longs.setSafe(index, (Long) value);
      case IntVector ints -> ints.setSafe(index, (Integer) value);
      case DateDayVector dates -> dates.setSafe(index, (Integer) value);
      case Float4Vector floats -> floats.setSafe(index, (Float) value);
      case Float8Vector doubles -> doubles.setSafe(index, (Double) value);
      case BitVector bits -> bits.setSafe(index, ((Boolean) value) ? 1 : 0);
      case VarCharVector strings -> strings.setSafe(index, (byte[]) value);
      case VarBinaryVector bytes -> bytes.setSafe(index, (byte[]) value);
      case TimeStampVector timestamps -> timestamps.setSafe(index, (Long) value);
      case DecimalVector decimals -> {
        Types.DecimalType decimal = (Types.DecimalType) type;
        BigInteger unscaled =
            switch (value) {
              case Long number -> BigInteger.valueOf(number);
              case Integer number -> BigInteger.valueOf(number);
              default -> new BigInteger((byte[]) value);
            };
        decimals.setSafe(index, new BigDecimal(unscaled, decimal.scale()));
      }
      default -> throw new IllegalStateException("no point-lookup vector for " + vector.getField());
    }
  }
}
