package dev.sheaf.catalog;

import static dev.sheaf.spi.error.ErrorCode.COLUMN_ALREADY_EXISTS;
import static dev.sheaf.spi.error.ErrorCode.COLUMN_NOT_FOUND;
import static dev.sheaf.spi.error.ErrorCode.NOT_NULL_VIOLATION;
import static dev.sheaf.spi.error.ErrorCode.NOT_SUPPORTED;
import static dev.sheaf.spi.error.ErrorCode.TYPE_MISMATCH;

import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

/**
 * ALTER TABLE's column changes. Iceberg tracks columns by id, so renames and drops never rewrite
 * data, and old versions keep reading with the schema they were written with.
 */
public final class SchemaChanges {
  private SchemaChanges() {}

  public static void addColumn(Table table, SheafColumn column) {
    Schema schema = table.schema();
    if (schema.findField(column.name()) != null || IcebergSchemas.isHidden(column.name())) {
      throw SheafException.of(
          COLUMN_ALREADY_EXISTS,
          "Cannot add column '%s' to table %s: the table already has a column of that name",
          column.name(),
          table.name());
    }
    NestedField field = IcebergSchemas.field(new int[] {schema.highestFieldId() + 1}, column);
    if (column.nullable()) {
      var update = table.updateSchema().addColumn(column.name(), field.type(), field.doc());
      if (column.type().isMedia()) {
        NestedField pin = IcebergSchemas.pinField(0, column.name());
        update.addColumn(pin.name(), pin.type(), pin.doc());
      }
      update.commit();
      return;
    }
    if (table.currentSnapshot() != null
        && !"0".equals(table.currentSnapshot().summary().getOrDefault("total-records", "0"))) {
      throw SheafException.of(
          NOT_NULL_VIOLATION,
          "Cannot add NOT NULL column '%s' to table %s: existing rows would hold NULL (add it"
              + " nullable, fill it with UPDATE, then recreate the table)",
          column.name(),
          table.name());
    }
    var update =
        table
            .updateSchema()
            .allowIncompatibleChanges()
            .addRequiredColumn(column.name(), field.type(), field.doc());
    if (column.type().isMedia()) {
      NestedField pin = IcebergSchemas.pinField(0, column.name());
      update.addColumn(pin.name(), pin.type(), pin.doc());
    }
    update.commit();
  }

  public static void dropColumn(Table table, String column) {
    NestedField field = existing(table, column, "drop");
    checkNotComputedInput(table, field.name(), "drop");
    var computed = ComputedColumns.find(table, field.name());
    if (computed.isPresent()) {
      ComputedColumns.drop(table, computed.get());
      return;
    }
    if (table.schema().identifierFieldIds().contains(field.fieldId())) {
      throw SheafException.of(
          NOT_SUPPORTED,
          "Cannot drop column '%s' of table %s: it is part of the primary key",
          column,
          table.name());
    }
    if (IcebergSchemas.columns(table.schema()).size() <= 1) {
      throw SheafException.of(
          NOT_SUPPORTED,
          "Cannot drop column '%s' of table %s: it is the last column (DROP TABLE instead)",
          column,
          table.name());
    }
    var update = table.updateSchema().deleteColumn(field.name());
    if (table.schema().findField(IcebergSchemas.pinColumn(field.name())) != null) {
      update.deleteColumn(IcebergSchemas.pinColumn(field.name()));
    }
    update.commit();
  }

  public static void renameColumn(Table table, String column, String newName) {
    NestedField field = existing(table, column, "rename");
    checkNotComputedInput(table, field.name(), "rename");
    if (ComputedColumns.find(table, field.name()).isPresent()) {
      throw SheafException.of(
          NOT_SUPPORTED,
          "Cannot rename column '%s' of table %s: it is a computed column (drop it and add it"
              + " again under the new name)",
          column,
          table.name());
    }
    if (table.schema().findField(newName) != null || IcebergSchemas.isHidden(newName)) {
      throw SheafException.of(
          COLUMN_ALREADY_EXISTS,
          "Cannot rename column '%s' of table %s to '%s': that name is taken",
          column,
          table.name(),
          newName);
    }
    var update = table.updateSchema().renameColumn(field.name(), newName);
    if (table.schema().findField(IcebergSchemas.pinColumn(field.name())) != null) {
      update.renameColumn(
          IcebergSchemas.pinColumn(field.name()), IcebergSchemas.pinColumn(newName));
    }
    update.commit();
  }

  /**
   * Widens a column's type, as Iceberg allows without rewriting data: INTEGER to BIGINT, REAL to
   * DOUBLE, DECIMAL(p, s) to DECIMAL(p2, s) with p2 > p. Old data files keep their narrower type
   * and are read as the wider one. The same type again changes nothing.
   */
  public static void changeColumnType(Table table, String column, SheafType type) {
    NestedField field = existing(table, column, "change the type of");
    SheafType old =
        IcebergSchemas.columns(table.schema()).stream()
            .filter(c -> c.name().equals(field.name()))
            .findFirst()
            .orElseThrow()
            .type();
    if (old.equals(type)) {
      return;
    }
    boolean widens =
        switch (old.kind()) {
          case INTEGER -> type.kind() == TypeKind.BIGINT;
          case REAL -> type.kind() == TypeKind.DOUBLE;
          case DECIMAL ->
              type.kind() == TypeKind.DECIMAL
                  && type.scale() == old.scale()
                  && type.precision() > old.precision();
          default -> false;
        };
    if (!widens) {
      throw SheafException.of(
          TYPE_MISMATCH,
          "Cannot change column '%s' of table %s from %s to %s: only widenings that keep every"
              + " stored value are allowed (INTEGER to BIGINT, REAL to DOUBLE, DECIMAL(p, s) to"
              + " DECIMAL(p2, s) with p2 > p; for any other change add a new column and fill it"
              + " with UPDATE)",
          column,
          table.name(),
          old,
          type);
    }
    NestedField widened =
        IcebergSchemas.field(new int[] {0}, new SheafColumn(field.name(), type, true));
    table
        .updateSchema()
        .updateColumn(field.name(), widened.type().asPrimitiveType())
        .updateColumnDoc(field.name(), widened.doc())
        .commit();
  }

  /**
   * Fails when a column is the input of a computed column, or the error column of one: the computed
   * column would lose what it is computed from.
   */
  private static void checkNotComputedInput(Table table, String column, String verb) {
    for (ComputedColumn computed : ComputedColumns.of(table)) {
      if (computed.inputs().contains(column)) {
        throw SheafException.of(
            NOT_SUPPORTED,
            "Cannot %s column '%s' of table %s: computed column '%s' uses it (drop '%s' first)",
            verb,
            column,
            table.name(),
            computed.name(),
            computed.name());
      }
      if (computed.errorColumn().equals(column)) {
        throw SheafException.of(
            NOT_SUPPORTED,
            "Cannot %s column '%s' of table %s: it holds the errors of computed column '%s' (drop"
                + " '%s' instead)",
            verb,
            column,
            table.name(),
            computed.name(),
            computed.name());
      }
    }
  }

  private static NestedField existing(Table table, String column, String verb) {
    NestedField field = table.schema().findField(column);
    if (field == null || IcebergSchemas.isHidden(field.name())) {
      throw SheafException.of(
          COLUMN_NOT_FOUND,
          "Cannot %s column '%s' of table %s: no such column",
          verb,
          column,
          table.name());
    }
    return field;
  }
}
