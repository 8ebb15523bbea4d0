package dev.sheaf.server.flight;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.types.TypeKind;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;

/**
 * Flight SQL's GetXdbcTypeInfo: one row per Sheaf type with its JDBC/ODBC type code, ordered by
 * type code as JDBC's {@code getTypeInfo} is. Media types, JSON and VARCHAR all travel as text;
 * VECTOR(n) is an array of REAL.
 */
final class XdbcTypeInfo {
  /** ODBC's SQL_DATETIME, the sql_data_type of dates and timestamps (with a subcode). */
  private static final int SQL_DATETIME = 9;

  private static final int SEARCHABLE = 3; // SQL_SEARCHABLE: usable in any WHERE clause
  private static final int UNSEARCHABLE = 0;
  private static final int NULLABLE = 1;

  /** One row of the result. Nullable fields are null where the column does not apply. */
  record XdbcType(
      String typeName,
      int dataType,
      Integer columnSize,
      String literalPrefix,
      String literalSuffix,
      List<String> createParams,
      boolean caseSensitive,
      int searchable,
      Boolean unsigned,
      boolean fixedPrecisionScale,
      String localTypeName,
      Integer minimumScale,
      Integer maximumScale,
      int sqlDataType,
      Integer datetimeSubcode,
      Integer radix) {
    XdbcType {
      requireNonNull(typeName, "typeName is null");
      createParams = createParams == null ? null : List.copyOf(createParams);
    }
  }

  private XdbcTypeInfo() {}

  /**
   * Every Sheaf type, then the SQL names CREATE TABLE also takes for them (TINYINT and SMALLINT
   * store INTEGER, FLOAT stores DOUBLE, CHAR stores VARCHAR, BINARY stores VARBINARY: the local
   * type name says which), in JDBC order (by type code, then name).
   */
  static List<XdbcType> all() {
    List<XdbcType> types = new ArrayList<>();
    for (TypeKind kind : TypeKind.values()) {
      types.add(of(kind));
    }
    types.addAll(aliases());
    types.sort(Comparator.comparingInt(XdbcType::dataType).thenComparing(XdbcType::typeName));
    return List.copyOf(types);
  }

  /** The types with JDBC type code {@code dataType}, or all when it is null. */
  static List<XdbcType> matching(Integer dataType) {
    return all().stream().filter(t -> dataType == null || t.dataType() == dataType).toList();
  }

  static XdbcType of(TypeKind kind) {
    return switch (kind) {
      case BOOLEAN -> plain("BOOLEAN", Types.BOOLEAN, 1, null);
      case INTEGER -> number("INTEGER", Types.INTEGER, 10);
      case BIGINT -> number("BIGINT", Types.BIGINT, 19);
      case REAL -> number("REAL", Types.REAL, 7);
      case DOUBLE -> number("DOUBLE", Types.DOUBLE, 15);
      case DECIMAL ->
          new XdbcType(
              "DECIMAL",
              Types.DECIMAL,
              38,
              null,
              null,
              List.of("precision", "scale"),
              false,
              SEARCHABLE,
              false,
              true,
              "DECIMAL",
              0,
              38,
              Types.DECIMAL,
              null,
              10);
      case VARCHAR -> text("VARCHAR", "VARCHAR");
      case JSON -> text("JSON", "JSON document");
      case IMAGE -> text("IMAGE", "image reference (URI)");
      case VIDEO -> text("VIDEO", "video reference (URI)");
      case AUDIO -> text("AUDIO", "audio reference (URI)");
      case DOCUMENT -> text("DOCUMENT", "document reference (URI)");
      case DATE -> datetime("DATE", Types.DATE, 10, "DATE '", 1);
      case TIMESTAMP -> datetime("TIMESTAMP", Types.TIMESTAMP, 26, "TIMESTAMP '", 3);
      case TIMESTAMP_TZ ->
          datetime(
              "TIMESTAMP WITH LOCAL TIME ZONE",
              Types.TIMESTAMP_WITH_TIMEZONE,
              26,
              "TIMESTAMP WITH LOCAL TIME ZONE '",
              3);
      case VARBINARY -> plain("VARBINARY", Types.VARBINARY, Integer.MAX_VALUE, "X'");
      case VECTOR ->
          new XdbcType(
              "VECTOR",
              Types.ARRAY,
              null,
              null,
              null,
              List.of("dimension"),
              false,
              UNSEARCHABLE,
              null,
              false,
              "VECTOR(n) of REAL",
              null,
              null,
              Types.ARRAY,
              null,
              null);
    };
  }

  /** The DDL names that store as another Sheaf type ({@code CalciteTypes.fromSpec}). */
  static List<XdbcType> aliases() {
    return List.of(
        stored(number("TINYINT", Types.TINYINT, 3), Types.TINYINT, "INTEGER"),
        stored(number("SMALLINT", Types.SMALLINT, 5), Types.SMALLINT, "INTEGER"),
        stored(number("FLOAT", Types.FLOAT, 15), Types.FLOAT, "DOUBLE"),
        stored(text("CHAR", "CHAR"), Types.CHAR, "VARCHAR"),
        stored(plain("BINARY", Types.BINARY, Integer.MAX_VALUE, "X'"), Types.BINARY, "VARBINARY"));
  }

  private static XdbcType stored(XdbcType alias, int code, String storedAs) {
    return new XdbcType(
        alias.typeName(),
        code,
        alias.columnSize(),
        alias.literalPrefix(),
        alias.literalSuffix(),
        alias.createParams(),
        alias.caseSensitive(),
        alias.searchable(),
        alias.unsigned(),
        alias.fixedPrecisionScale(),
        alias.typeName() + " (stored as " + storedAs + ")",
        alias.minimumScale(),
        alias.maximumScale(),
        code,
        alias.datetimeSubcode(),
        alias.radix());
  }

  private static XdbcType plain(String name, int code, int size, String prefix) {
    return new XdbcType(
        name,
        code,
        size,
        prefix,
        prefix == null ? null : "'",
        null,
        false,
        SEARCHABLE,
        null,
        false,
        name,
        null,
        null,
        code,
        null,
        null);
  }

  private static XdbcType number(String name, int code, int digits) {
    return new XdbcType(
        name,
        code,
        digits,
        null,
        null,
        null,
        false,
        SEARCHABLE,
        false,
        false,
        name,
        0,
        0,
        code,
        null,
        10);
  }

  private static XdbcType text(String name, String localName) {
    return new XdbcType(
        name,
        Types.VARCHAR,
        Integer.MAX_VALUE,
        "'",
        "'",
        null,
        true,
        SEARCHABLE,
        null,
        false,
        localName,
        null,
        null,
        Types.VARCHAR,
        null,
        null);
  }

  private static XdbcType datetime(String name, int code, int size, String prefix, int subcode) {
    return new XdbcType(
        name,
        code,
        size,
        prefix,
        "'",
        null,
        false,
        SEARCHABLE,
        null,
        false,
        name,
        null,
        null,
        SQL_DATETIME,
        subcode,
        null);
  }

  /** Streams the rows in Flight SQL's GetXdbcTypeInfo schema. */
  static void send(ServerStreamListener listener, BufferAllocator allocator, Integer dataType) {
    List<XdbcType> rows = matching(dataType);
    try (VectorSchemaRoot root = VectorSchemaRoot.create(Schemas.GET_TYPE_INFO_SCHEMA, allocator)) {
      root.allocateNew();
      ListVector createParams = (ListVector) root.getVector("create_params");
      UnionListWriter params = createParams.getWriter();
      for (int r = 0; r < rows.size(); r++) {
        XdbcType type = rows.get(r);
        text(root, "type_name", r, type.typeName());
        number(root, "data_type", r, type.dataType());
        number(root, "column_size", r, type.columnSize());
        text(root, "literal_prefix", r, type.literalPrefix());
        text(root, "literal_suffix", r, type.literalSuffix());
        if (type.createParams() != null) {
          params.setPosition(r);
          params.startList();
          for (String param : type.createParams()) {
            params.writeVarChar(param);
          }
          params.endList();
        }
        number(root, "nullable", r, NULLABLE);
        bool(root, "case_sensitive", r, type.caseSensitive());
        number(root, "searchable", r, type.searchable());
        bool(root, "unsigned_attribute", r, type.unsigned());
        bool(root, "fixed_prec_scale", r, type.fixedPrecisionScale());
        bool(root, "auto_increment", r, false);
        text(root, "local_type_name", r, type.localTypeName());
        number(root, "minimum_scale", r, type.minimumScale());
        number(root, "maximum_scale", r, type.maximumScale());
        number(root, "sql_data_type", r, type.sqlDataType());
        number(root, "datetime_subcode", r, type.datetimeSubcode());
        number(root, "num_prec_radix", r, type.radix());
      }
      params.setValueCount(rows.size());
      root.setRowCount(rows.size());
      listener.start(root);
      listener.putNext();
      listener.completed();
    }
  }

  private static void text(VectorSchemaRoot root, String column, int row, String value) {
    if (value != null) {
      ((VarCharVector) root.getVector(column)).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void number(VectorSchemaRoot root, String column, int row, Integer value) {
    if (value != null) {
      ((IntVector) root.getVector(column)).setSafe(row, value);
    }
  }

  private static void bool(VectorSchemaRoot root, String column, int row, Boolean value) {
    if (value != null) {
      ((BitVector) root.getVector(column)).setSafe(row, value ? 1 : 0);
    }
  }
}
