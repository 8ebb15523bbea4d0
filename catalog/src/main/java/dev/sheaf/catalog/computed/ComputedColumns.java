package dev.sheaf.catalog.computed;

import static dev.sheaf.spi.error.ErrorCode.CATALOG_ERROR;
import static dev.sheaf.spi.error.ErrorCode.COLUMN_ALREADY_EXISTS;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The computed columns of a table, kept in its Iceberg table properties so a definition commits in
 * the same metadata commit as the columns it adds (and a time-travel read sees the definitions of
 * its version's metadata).
 *
 * <p>Format: property {@code sheaf.computed.<column>} = {@code 1\t<ON ERROR: NULL|ABORT>\t<inputs,
 * comma-separated>\t<expression>} for a STORED column, {@code 2\t<NULL|ABORT>\tVIRTUAL\t<inputs>\t
 * <expression>} for a VIRTUAL one (so a server that knows only version 1 refuses what it cannot
 * compute, and still reads tables without VIRTUAL columns); the first field is the format version,
 * checked on read. Each computed column {@code c} comes with a nullable VARCHAR column {@code
 * c$error} holding the error of a cell that failed ({@code "CODE: message"}).
 */
public final class ComputedColumns {
  /** The prefix of a computed column's table property. */
  public static final String PROPERTY_PREFIX = "sheaf.computed.";

  /** The suffix of the error column of a computed column. */
  public static final String ERROR_SUFFIX = "$error";

  static final int FORMAT_VERSION = 1;

  /** The format of a VIRTUAL column's definition. */
  static final int VIRTUAL_FORMAT_VERSION = 2;

  private ComputedColumns() {}

  /** The table's computed columns, in schema order. */
  public static List<ComputedColumn> of(Table table) {
    return of(
        table.properties(), table.schema().columns().stream().map(NestedField::name).toList());
  }

  /** The computed columns defined in {@code properties}, ordered as {@code columns} are. */
  public static List<ComputedColumn> of(Map<String, String> properties, List<String> columns) {
    List<ComputedColumn> computed = new ArrayList<>();
    for (String column : columns) {
      String value = properties.get(PROPERTY_PREFIX + column);
      if (value != null) {
        computed.add(decode(column, value));
      }
    }
    return List.copyOf(computed);
  }

  /** The table's STORED computed columns (those writes and backfills compute), in schema order. */
  public static List<ComputedColumn> stored(Table table) {
    return of(table).stream().filter(column -> !column.virtual()).toList();
  }

  /** The definition of one column, if it is computed. */
  public static Optional<ComputedColumn> find(Table table, String column) {
    String value = table.properties().get(PROPERTY_PREFIX + column);
    return value == null ? Optional.empty() : Optional.of(decode(column, value));
  }

  /** Whether a name is a computed column or the error column of one. */
  public static boolean isComputedOrError(Table table, String column) {
    if (table.properties().containsKey(PROPERTY_PREFIX + column)) {
      return true;
    }
    return column.endsWith(ERROR_SUFFIX)
        && table
            .properties()
            .containsKey(
                PROPERTY_PREFIX + column.substring(0, column.length() - ERROR_SUFFIX.length()));
  }

  static String encode(ComputedColumn column) {
    String onError = column.abortOnError() ? "ABORT" : "NULL";
    String rest = String.join(",", column.inputs()) + "\t" + column.expression();
    return column.virtual()
        ? VIRTUAL_FORMAT_VERSION + "\t" + onError + "\tVIRTUAL\t" + rest
        : FORMAT_VERSION + "\t" + onError + "\t" + rest;
  }

  static ComputedColumn decode(String column, String value) {
    String[] parts = value.split("\t", 5);
    boolean stored = parts.length >= 4 && parts[0].equals(Integer.toString(FORMAT_VERSION));
    boolean virtual =
        parts.length == 5
            && parts[0].equals(Integer.toString(VIRTUAL_FORMAT_VERSION))
            && parts[2].equals("VIRTUAL");
    if (!stored && !virtual) {
      throw SheafException.of(
          CATALOG_ERROR,
          "Cannot read the definition of computed column '%s': format version expected %d or %d,"
              + " found %s (upgrade Sheaf)",
          column,
          FORMAT_VERSION,
          VIRTUAL_FORMAT_VERSION,
          parts[0]);
    }
    if (stored) {
      parts = value.split("\t", 4);
    }
    String inputText = parts[virtual ? 3 : 2];
    String expression = parts[virtual ? 4 : 3];
    List<String> inputs = inputText.isEmpty() ? List.of() : Arrays.asList(inputText.split(","));
    return new ComputedColumn(column, expression, parts[1].equals("ABORT"), inputs, virtual);
  }

  /**
   * Adds a computed column of the given type, its error column and its definition in one metadata
   * commit.
   */
  public static void add(Table table, ComputedColumn column, SheafType type) {
    for (String name : List.of(column.name(), column.errorColumn())) {
      if (table.schema().findField(name) != null || IcebergSchemas.isHidden(name)) {
        throw SheafException.of(
            COLUMN_ALREADY_EXISTS,
            "Cannot add column '%s' to table %s: the table already has a column of that name",
            name,
            table.name());
      }
    }
    Transaction transaction = table.newTransaction();
    UpdateSchema update = transaction.updateSchema();
    NestedField field =
        IcebergSchemas.field(
            new int[] {table.schema().highestFieldId() + 1},
            new SheafColumn(column.name(), type, true));
    update.addColumn(column.name(), field.type(), field.doc());
    NestedField error =
        IcebergSchemas.field(
            new int[] {0},
            new SheafColumn(column.errorColumn(), SheafType.of(TypeKind.VARCHAR), true));
    update.addColumn(error.name(), error.type(), error.doc());
    update.commit();
    transaction.updateProperties().set(PROPERTY_PREFIX + column.name(), encode(column)).commit();
    transaction.commitTransaction();
  }

  /** Drops a computed column, its error column and its definition in one metadata commit. */
  public static void drop(Table table, ComputedColumn column) {
    Transaction transaction = table.newTransaction();
    transaction
        .updateSchema()
        .deleteColumn(column.name())
        .deleteColumn(column.errorColumn())
        .commit();
    transaction.updateProperties().remove(PROPERTY_PREFIX + column.name()).commit();
    transaction.commitTransaction();
  }
}
