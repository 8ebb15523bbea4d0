package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.compute.iterate.IteratorArguments;
import dev.sheaf.compute.iterate.MediaIterator;
import dev.sheaf.compute.iterate.MediaIterators;
import dev.sheaf.planner.views.IteratorViewDefinition;
import dev.sheaf.planner.views.IteratorViews;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.iceberg.Table;

/**
 * {@code CREATE VIEW v AS SELECT * FROM TABLE(image_tiles(TABLE photos, size => 512))}: makes the
 * table that holds the view's rows (see {@link IteratorViews}), its payload column (VIRTUAL,
 * computed from the base cell when read) and its first rows.
 */
final class IteratorViewDdl {
  /** The named argument that picks the base's media column when it has several of the kind. */
  static final String COLUMN_ARGUMENT = "media_column";

  /**
   * The named argument that stores the payload ({@code stored => true}) instead of computing it.
   */
  static final String STORED_ARGUMENT = "stored";

  private final SheafCatalog catalog;
  private final IteratorViews views;
  private final Consumer<String> ddl;

  /**
   * @param ddl runs a DDL statement (the ALTER TABLE that adds the payload column)
   */
  IteratorViewDdl(SheafCatalog catalog, IteratorViews views, Consumer<String> ddl) {
    this.catalog = catalog;
    this.views = views;
    this.ddl = ddl;
  }

  /** The iterator call of {@code SELECT * FROM TABLE(it(TABLE t, ...))}, or null for others. */
  static SqlBasicCall iteratorCall(SqlNode query) {
    if (!(query instanceof SqlSelect select)
        || !(select.getFrom() instanceof SqlBasicCall from)
        || from.getKind() != SqlKind.COLLECTION_TABLE
        || !(from.operand(0) instanceof SqlBasicCall call)
        || MediaIterators.find(call.getOperator().getName()).isEmpty()) {
      return null;
    }
    if (select.getSelectList().size() != 1
        || !(select.getSelectList().get(0) instanceof SqlIdentifier star)
        || !star.isStar()
        || select.getWhere() != null
        || select.getGroup() != null
        || select.isDistinct()) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot create an iterator view of anything but SELECT * FROM TABLE(%s(...)) (filter it"
              + " in a view over this one)",
          call.getOperator().getName());
    }
    return call;
  }

  void create(TableResolver name, SqlBasicCall call, boolean replace, boolean ifNotExists) {
    MediaIterator iterator = MediaIterators.find(call.getOperator().getName()).orElseThrow();
    List<SqlNode> operands = call.getOperandList();
    if (operands.isEmpty()
        || !(operands.get(0) instanceof SqlCall table)
        || table.getKind() != SqlKind.EXPLICIT_TABLE
        || !(table.operand(0) instanceof SqlIdentifier baseName)) {
      throw SheafException.of(
          ErrorCode.INVALID_QUERY,
          "Cannot create view %s: %s takes the base table first, as TABLE(%s(TABLE t, ...))",
          name.table(),
          iterator.name(),
          iterator.name());
    }
    TableResolver baseResolved = TableResolver.of(baseName);
    if (baseName.names.size() == 1) {
      baseResolved = new TableResolver(name.schema(), baseName.getSimple());
    }
    Table base = baseResolved.load(catalog);
    Map<String, Object> given = new LinkedHashMap<>();
    String column = null;
    boolean storedPayload = false;
    int positional = 0;
    for (SqlNode operand : operands.subList(1, operands.size())) {
      if (operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
        SqlCall assignment = (SqlCall) operand;
        String argument = ((SqlIdentifier) assignment.operand(1)).getSimple();
        Object value = literal(assignment.operand(0), argument);
        if (argument.toLowerCase(Locale.ROOT).equals(COLUMN_ARGUMENT)) {
          column = String.valueOf(value);
        } else if (argument.toLowerCase(Locale.ROOT).equals(STORED_ARGUMENT)) {
          if (!(value instanceof Boolean flag)) {
            throw SheafException.of(
                ErrorCode.INVALID_ARGUMENT,
                "Cannot create view %s: stored takes TRUE or FALSE, not %s",
                name.table(),
                value);
          }
          storedPayload = flag;
        } else {
          given.put(argument, value);
        }
      } else {
        if (positional >= iterator.parameters().size()) {
          throw SheafException.of(
              ErrorCode.INVALID_ARGUMENT,
              "Cannot create view %s: %s takes at most %d arguments after the table",
              name.table(),
              iterator.name(),
              iterator.parameters().size());
        }
        given.put(iterator.parameters().get(positional++).name(), literal(operand, "argument"));
      }
    }
    IteratorArguments arguments =
        IteratorArguments.bind(iterator.name(), iterator.parameters(), given);
    List<SheafColumn> iteratorColumns = iterator.columns(arguments);
    String mediaColumn = mediaColumn(base, iterator, column);

    Set<String> taken = new HashSet<>();
    List<SheafColumn> columns = new ArrayList<>();
    columns.add(
        new SheafColumn(IteratorViewDefinition.BASE_ROWID, SheafType.of(TypeKind.BIGINT), false));
    taken.add(IteratorViewDefinition.BASE_ROWID);
    for (SheafColumn produced : iteratorColumns) {
      columns.add(new SheafColumn(produced.name(), produced.type(), true));
      taken.add(produced.name());
    }
    taken.add(IteratorViewDefinition.ERROR_COLUMN);
    iterator.payload().ifPresent(payload -> taken.add(payload.name()));
    Map<String, String> copied = new LinkedHashMap<>();
    for (SheafColumn baseColumn : IcebergSchemas.columns(base.schema())) {
      if (ComputedColumns.isComputedOrError(base, baseColumn.name())) {
        continue;
      }
      String as = baseColumn.name();
      while (taken.contains(as)) {
        as = "base_" + as;
      }
      taken.add(as);
      copied.put(baseColumn.name(), as);
      columns.add(baseColumn.withName(as));
    }
    columns.add(
        new SheafColumn(IteratorViewDefinition.ERROR_COLUMN, SheafType.of(TypeKind.VARCHAR), true));

    Map<String, Object> stored = new LinkedHashMap<>();
    arguments.asMap().forEach(stored::put);
    IteratorViewDefinition definition =
        new IteratorViewDefinition(
            iterator.name(),
            baseResolved.schema(),
            baseResolved.table(),
            base.uuid().toString(),
            mediaColumn,
            stored,
            copied);

    if (catalog.findTable(name.schema(), name.table()).isPresent()) {
      Table existing = name.load(catalog);
      if (IteratorViewDefinition.of(existing).isEmpty()) {
        throw SheafException.of(
            ErrorCode.TABLE_ALREADY_EXISTS,
            "Cannot create view '%s.%s': a table of that name exists",
            name.schema(),
            name.table());
      }
      if (ifNotExists) {
        return;
      }
      if (!replace) {
        throw SheafException.of(
            ErrorCode.TABLE_ALREADY_EXISTS,
            "Cannot create view '%s.%s': it exists (use CREATE OR REPLACE VIEW)",
            name.schema(),
            name.table());
      }
      drop(name, existing);
    }
    if (catalog.views().find(name.schema(), name.table()).isPresent()) {
      if (ifNotExists) {
        return;
      }
      if (!replace) {
        throw SheafException.of(
            ErrorCode.TABLE_ALREADY_EXISTS,
            "Cannot create view '%s.%s': it exists (use CREATE OR REPLACE VIEW)",
            name.schema(),
            name.table());
      }
      catalog.views().drop(name.schema(), name.table());
    }
    boolean storePayload = storedPayload;
    Table view = catalog.createTable(name.schema(), name.table(), columns, List.of(), false);
    try {
      view.updateProperties().set(IteratorViewDefinition.PROPERTY, definition.encode()).commit();
      iterator
          .payload()
          .ifPresent(
              payload ->
                  ddl.accept(
                      "ALTER TABLE "
                          + quote(name.schema())
                          + "."
                          + quote(name.table())
                          + " ADD COLUMN "
                          + quote(payload.name())
                          + " AS ("
                          + payload.expressionFor(copied.get(mediaColumn))
                          + (storePayload ? ") STORED" : ") VIRTUAL")));
      base.updateProperties()
          .set(
              IteratorViewDefinition.BASE_PROPERTY_PREFIX + name.schema() + "." + name.table(), "1")
          .commit();
      views.catchUp(name.load(catalog));
    } catch (RuntimeException e) {
      catalog.dropTable(name.schema(), name.table(), true);
      throw e;
    }
  }

  /** Drops an iterator view's table and its mark on the base table. */
  void drop(TableResolver name, Table view) {
    IteratorViewDefinition definition = IteratorViewDefinition.of(view).orElseThrow();
    catalog.dropTable(name.schema(), name.table(), true);
    catalog
        .findTable(definition.baseSchema(), definition.baseTable())
        .ifPresent(
            base ->
                base.updateProperties()
                    .remove(
                        IteratorViewDefinition.BASE_PROPERTY_PREFIX
                            + name.schema()
                            + "."
                            + name.table())
                    .commit());
  }

  private static String mediaColumn(Table base, MediaIterator iterator, String named) {
    List<String> candidates = new ArrayList<>();
    for (SheafColumn column : IcebergSchemas.columns(base.schema())) {
      if (column.type().kind() == iterator.input()
          && !ComputedColumns.isComputedOrError(base, column.name())
          && (named == null || column.name().equals(named))) {
        candidates.add(column.name());
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (named != null) {
      throw SheafException.of(
          ErrorCode.COLUMN_NOT_FOUND,
          "Cannot iterate column '%s' of table %s with %s: it has no stored %s column of that name",
          named,
          base.name(),
          iterator.name(),
          iterator.input());
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot iterate table %s with %s: it has %s %s columns (name one with media_column => '...')",
        base.name(),
        iterator.name(),
        candidates.isEmpty() ? "no" : String.valueOf(candidates.size()),
        iterator.input());
  }

  private static Object literal(SqlNode node, String argument) {
    if (node instanceof SqlLiteral literal) {
      Object value = literal.getValue();
      if (value instanceof BigDecimal number) {
        return number.scale() <= 0 ? (Object) number.longValueExact() : number.doubleValue();
      }
      if (value instanceof org.apache.calcite.util.NlsString text) {
        return text.getValue();
      }
      return value;
    }
    if (node instanceof SqlBasicCall call
        && call.getKind() == SqlKind.MINUS_PREFIX
        && call.operand(0) instanceof SqlLiteral literal
        && literal.getValue() instanceof BigDecimal number) {
      return literal(
          SqlLiteral.createExactNumeric(number.negate().toPlainString(), node.getParserPosition()),
          argument);
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot create an iterator view: %s must be a literal, not %s",
        argument,
        node);
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
