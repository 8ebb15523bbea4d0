package dev.sheaf.catalog;

import static dev.sheaf.spi.error.ErrorCode.DUPLICATE_KEY;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.SheafValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The primary key values of the rows one statement writes, and where they may already be. Looking
 * for them reads only what can hold them: the data files whose key column statistics (min/max)
 * bracket one of the new keys, and of those only the key columns, with a filter that skips row
 * groups outside the keys' range. The existing keys stream past the set of new keys; none is kept.
 *
 * <p>The same keys make the conflict filter of the write's commit ({@link #conflictFilter}): a
 * concurrent commit that added a file that may hold one of them fails the commit, which then looks
 * again (see {@link TableWrites}).
 */
public final class NewKeys {
  /** Up to this many keys, the filter names each one (Iceberg prunes IN lists up to 200). */
  private static final int LISTED_KEYS = 200;

  private static final NewKeys NONE = new NewKeys(null, List.of(), new int[0], Set.of());

  private final Table table;
  private final List<NestedField> fields;
  private final int[] positions;
  private final Set<List<Object>> keys;
  private final List<Object> sortedFirst;
  private final Comparator<Object> firstOrder;

  private NewKeys(Table table, List<NestedField> fields, int[] positions, Set<List<Object>> keys) {
    this.table = table;
    this.fields = fields;
    this.positions = positions;
    this.keys = keys;
    if (keys.isEmpty() || !comparable(fields.get(0).type())) {
      this.sortedFirst = List.of();
      this.firstOrder = null;
    } else {
      this.firstOrder = order(fields.get(0).type());
      List<Object> first = new ArrayList<>(keys.size());
      for (List<Object> key : keys) {
        first.add(key.get(0));
      }
      first.sort(firstOrder);
      this.sortedFirst = first;
    }
  }

  /**
   * The keys of {@code rows} (in the order of the table's columns after {@code _rowid}); fails with
   * DUPLICATE_KEY when two of them are the same. Empty when the table has no primary key.
   */
  public static NewKeys of(Table table, List<Object[]> rows) {
    Schema schema = table.schema();
    List<String> key = IcebergSchemas.primaryKey(schema);
    if (key.isEmpty() || rows.isEmpty()) {
      return NONE;
    }
    List<NestedField> userColumns =
        schema.columns().stream().filter(f -> !f.name().equals(IcebergSchemas.ROWID)).toList();
    List<NestedField> fields = new ArrayList<>();
    int[] positions = new int[key.size()];
    for (int i = 0; i < key.size(); i++) {
      NestedField field = schema.findField(key.get(i));
      fields.add(field);
      positions[i] = userColumns.indexOf(field);
    }
    Set<List<Object>> keys = HashSet.newHashSet(rows.size());
    for (Object[] row : rows) {
      List<Object> values = new ArrayList<>(positions.length);
      for (int i = 0; i < positions.length; i++) {
        values.add(normalized(fields.get(i), row[positions[i]]));
      }
      if (values.contains(null)) {
        continue; // key columns are NOT NULL: that check refuses the row
      }
      if (!keys.add(values)) {
        throw duplicate(table, key, values);
      }
    }
    return new NewKeys(table, List.copyOf(fields), positions, keys);
  }

  /** Whether there is nothing to look for: the table has no primary key, or no rows are written. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /**
   * Fails with DUPLICATE_KEY when a row of {@code snapshot} (null: an empty table), other than the
   * rows {@code replaced} names by row id, has one of the keys.
   */
  public void checkAbsent(Snapshot snapshot, Set<Long> replaced) {
    if (keys.isEmpty() || snapshot == null) {
      return;
    }
    List<String> columns = new ArrayList<>();
    columns.add(IcebergSchemas.ROWID);
    fields.forEach(field -> columns.add(field.name()));
    TableRowReader reader = new TableRowReader(table, table.schema(), columns);
    Expression filter = conflictFilter();
    for (FileScanTask task : candidates(reader, snapshot)) {
      try (CloseableIterator<Object[]> rows = reader.read(task, filter)) {
        while (rows.hasNext()) {
          Object[] row = rows.next();
          List<Object> values = new ArrayList<>(fields.size());
          for (int i = 0; i < fields.size(); i++) {
            values.add(normalized(fields.get(i), row[i + 1]));
          }
          if (keys.contains(values) && !replaced.contains((Long) row[0])) {
            throw duplicate(table, fields.stream().map(NestedField::name).toList(), values);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The data files of {@code snapshot} that may hold one of the keys: Iceberg's planning prunes by
   * the keys' range (and by each key, for a short list), and each file left is kept only when one
   * of the new keys falls between its first key column's lower and upper bounds.
   */
  List<FileScanTask> candidates(TableRowReader reader, Snapshot snapshot) {
    List<FileScanTask> candidates = new ArrayList<>();
    for (FileScanTask task : reader.plan(snapshot.snapshotId(), conflictFilter())) {
      if (mayHoldOne(task.file())) {
        candidates.add(task);
      }
    }
    return candidates;
  }

  /**
   * Rows that may hold one of the keys: every key column between the keys' least and greatest
   * values, and for a short list of single-column keys, one of them. A file whose statistics rule
   * this out holds none of the keys.
   */
  public Expression conflictFilter() {
    if (keys.isEmpty()) {
      return Expressions.alwaysFalse();
    }
    Expression filter = Expressions.alwaysTrue();
    for (int i = 0; i < fields.size(); i++) {
      NestedField field = fields.get(i);
      if (!comparable(field.type())) {
        continue;
      }
      Comparator<Object> order = order(field.type());
      Object least = null;
      Object greatest = null;
      for (List<Object> key : keys) {
        Object value = key.get(i);
        if (least == null || order.compare(value, least) < 0) {
          least = value;
        }
        if (greatest == null || order.compare(value, greatest) > 0) {
          greatest = value;
        }
      }
      filter =
          Expressions.and(
              filter,
              Expressions.and(
                  Expressions.greaterThanOrEqual(field.name(), least),
                  Expressions.lessThanOrEqual(field.name(), greatest)));
    }
    if (fields.size() == 1 && keys.size() <= LISTED_KEYS && comparable(fields.get(0).type())) {
      List<Object> listed = new ArrayList<>(keys.size());
      keys.forEach(key -> listed.add(key.get(0)));
      filter = Expressions.and(filter, Expressions.in(fields.get(0).name(), listed));
    }
    return filter;
  }

  private boolean mayHoldOne(DataFile file) {
    if (firstOrder == null || file.lowerBounds() == null || file.upperBounds() == null) {
      return true;
    }
    NestedField first = fields.get(0);
    ByteBuffer lowerBytes = file.lowerBounds().get(first.fieldId());
    ByteBuffer upperBytes = file.upperBounds().get(first.fieldId());
    if (lowerBytes == null || upperBytes == null) {
      return true;
    }
    Object lower = Conversions.fromByteBuffer(first.type(), lowerBytes);
    Object upper = Conversions.fromByteBuffer(first.type(), upperBytes);
    int at = Collections.binarySearch(sortedFirst, lower, firstOrder);
    int from = at >= 0 ? at : -at - 1;
    return from < sortedFirst.size() && firstOrder.compare(sortedFirst.get(from), upper) <= 0;
  }

  /** A key value as Iceberg holds it: the column's Java type, decimals at its scale, bytes. */
  private static Object normalized(NestedField field, Object value) {
    SheafType type = IcebergSchemas.sheafType(field);
    Object sheaf = SheafValues.coerce(type, value);
    return switch (sheaf) {
      case null -> null;
      case BigDecimal decimal when field.type() instanceof Types.DecimalType d ->
          decimal.setScale(d.scale(), RoundingMode.HALF_UP);
      case byte[] bytes -> ByteBuffer.wrap(bytes);
      case float[] vector -> {
        List<Float> list = new ArrayList<>(vector.length);
        for (float element : vector) {
          list.add(element);
        }
        yield list;
      }
      default -> sheaf;
    };
  }

  private static boolean comparable(Type type) {
    return type.isPrimitiveType() && type.typeId() != Type.TypeID.BOOLEAN;
  }

  @SuppressWarnings("unchecked")
  private static Comparator<Object> order(Type type) {
    return (Comparator<Object>) (Comparator<?>) Comparators.forType(type.asPrimitiveType());
  }

  private static SheafException duplicate(Table table, List<String> key, List<Object> values) {
    return SheafException.of(
        DUPLICATE_KEY,
        "Cannot write to table %s: primary key %s = %s is already taken (use MERGE to update"
            + " existing rows)",
        table.name(),
        key,
        Arrays.toString(values.stream().map(NewKeys::shown).toArray()));
  }

  private static Object shown(Object value) {
    if (value instanceof ByteBuffer bytes) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.duplicate().get(copy);
      return Arrays.toString(copy);
    }
    return value;
  }
}
