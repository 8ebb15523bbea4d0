package dev.sheaf.catalog.sources;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Reads a PostgreSQL table over JDBC ({@code postgresql://host:port/db} and a table name), in
 * fetches of 10,000 rows; with a cursor, only rows whose cursor column is greater than the last
 * value ({@code WHERE cursor > ?}, which an index on the column serves). The password comes from a
 * credentials profile, never from the URI, and is never put in an error.
 */
final class PostgresSource implements SourceReader {
  private static final int FETCH_ROWS = 10_000;

  private final SourceDefinition source;
  private final SourceCredentials credentials;

  PostgresSource(SourceDefinition source, SourceCredentials credentials) {
    this.source = source;
    this.credentials = credentials;
  }

  /** Checks a source's URI at CREATE SOURCE: a host and database, and no password in it. */
  static void check(String uri, String table) {
    URI parsed = URI.create(uri);
    if (parsed.getRawUserInfo() != null && parsed.getRawUserInfo().contains(":")) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create a source with a password in its URI (name a credentials profile:"
              + " CREDENTIALS 'profile', whose SHEAF_SOURCE_<PROFILE>_PASSWORD the server holds)");
    }
    if (parsed.getHost() == null || parsed.getPath() == null || parsed.getPath().length() < 2) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create a source from '%s': a PostgreSQL source is postgresql://host[:port]/database",
          uri);
    }
    if (table == null) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create a source from '%s' without a table (add TABLE name)",
          uri);
    }
  }

  @Override
  public SourceRows read(SourceQuery query) {
    try (Connection connection = connect()) {
      connection.setAutoCommit(false); // the driver fetches in batches only inside a transaction
      connection.setReadOnly(true);
      SourceRows rows = readRows(connection, query);
      if (query.allKeys()) {
        rows.allKeys(readKeys(connection, query.keys()));
      }
      connection.rollback();
      return rows;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private SourceRows readRows(Connection connection, SourceQuery query) throws SQLException {
    String sql = "SELECT * FROM " + quotedTable();
    boolean filtered = query.cursorColumn() != null && query.cursorAfter() != null;
    if (filtered) {
      sql += " WHERE " + quote(query.cursorColumn()) + " > ?";
    }
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setFetchSize(FETCH_ROWS);
      if (filtered) {
        select.setObject(1, jdbcValue(query.cursorAfter(), cursorType(connection, query)));
      }
      try (ResultSet result = select.executeQuery()) {
        List<SheafColumn> columns = columns(result.getMetaData());
        SourceRows rows = new SourceRows(columns);
        int origin = rows.origin(origin());
        long line = 0;
        while (result.next()) {
          Object[] row = new Object[columns.size()];
          for (int c = 0; c < row.length; c++) {
            row[c] = value(result, c + 1, columns.get(c).type());
          }
          rows.add(row, origin, ++line);
        }
        return rows;
      }
    }
  }

  private SheafType cursorType(Connection connection, SourceQuery query) throws SQLException {
    try (PreparedStatement probe =
        connection.prepareStatement(
            "SELECT " + quote(query.cursorColumn()) + " FROM " + quotedTable() + " WHERE false")) {
      try (ResultSet result = probe.executeQuery()) {
        return columns(result.getMetaData()).get(0).type();
      }
    }
  }

  private Set<List<Object>> readKeys(Connection connection, List<String> keys) throws SQLException {
    String columns = String.join(", ", keys.stream().map(PostgresSource::quote).toList());
    Set<List<Object>> all = new HashSet<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + columns + " FROM " + quotedTable())) {
      select.setFetchSize(FETCH_ROWS * 10);
      try (ResultSet result = select.executeQuery()) {
        List<SheafColumn> types = columns(result.getMetaData());
        while (result.next()) {
          List<Object> key = new ArrayList<>(keys.size());
          for (int c = 0; c < keys.size(); c++) {
            key.add(value(result, c + 1, types.get(c).type()));
          }
          all.add(key);
        }
      }
    }
    return all;
  }

  /** Where the rows come from, as provenance records it: the URI and the table, no user. */
  String origin() {
    URI uri = URI.create(source.uri());
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return "postgresql://" + uri.getHost() + port + uri.getPath() + "?table=" + source.table();
  }

  private Connection connect() throws SQLException {
    URI uri = URI.create(source.uri());
    Properties properties = new Properties();
    String user = credentials.user() != null ? credentials.user() : uri.getUserInfo();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (credentials.password() != null) {
      properties.setProperty("password", credentials.password());
    }
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "600");
    properties.setProperty("ApplicationName", "sheaf-sync");
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return DriverManager.getConnection(
        "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, properties);
  }

  private String quotedTable() {
    List<String> parts = new ArrayList<>();
    for (String part : source.table().split("\\.")) {
      parts.add(quote(part));
    }
    return String.join(".", parts);
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static List<SheafColumn> columns(ResultSetMetaData meta) throws SQLException {
    List<SheafColumn> columns = new ArrayList<>();
    for (int c = 1; c <= meta.getColumnCount(); c++) {
      columns.add(
          new SheafColumn(
              meta.getColumnLabel(c),
              type(meta.getColumnTypeName(c), meta.getPrecision(c), meta.getScale(c)),
              meta.isNullable(c) != ResultSetMetaData.columnNoNulls));
    }
    return columns;
  }

  /** The Sheaf type of a PostgreSQL column type; types Sheaf has no match for read as text. */
  static SheafType type(String name, int precision, int scale) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "int2", "int4", "serial", "smallserial" -> SheafType.of(TypeKind.INTEGER);
      case "int8", "bigserial", "oid" -> SheafType.of(TypeKind.BIGINT);
      case "float4" -> SheafType.of(TypeKind.REAL);
      case "float8", "money" -> SheafType.of(TypeKind.DOUBLE);
      case "numeric" ->
          precision > 0 && precision <= SheafType.MAX_DECIMAL_PRECISION
              ? SheafType.decimal(precision, Math.max(0, scale))
              : SheafType.of(TypeKind.DOUBLE);
      case "bool" -> SheafType.of(TypeKind.BOOLEAN);
      case "date" -> SheafType.of(TypeKind.DATE);
      case "timestamp" -> SheafType.of(TypeKind.TIMESTAMP);
      case "timestamptz" -> SheafType.of(TypeKind.TIMESTAMP_TZ);
      case "bytea" -> SheafType.of(TypeKind.VARBINARY);
      case "json", "jsonb" -> SheafType.of(TypeKind.JSON);
      default -> SheafType.of(TypeKind.VARCHAR);
    };
  }

  private static Object value(ResultSet result, int column, SheafType type) throws SQLException {
    Object value =
        switch (type.kind()) {
          case INTEGER -> result.getInt(column);
          case BIGINT -> result.getLong(column);
          case REAL -> result.getFloat(column);
          case DOUBLE -> result.getDouble(column);
          case BOOLEAN -> result.getBoolean(column);
          case DECIMAL -> {
            BigDecimal decimal = result.getBigDecimal(column);
            yield decimal == null ? null : decimal.setScale(type.scale(), RoundingMode.HALF_UP);
          }
          case DATE -> {
            LocalDate date = result.getObject(column, LocalDate.class);
            yield date == null ? null : (int) date.toEpochDay();
          }
          case TIMESTAMP -> {
            LocalDateTime time = result.getObject(column, LocalDateTime.class);
            yield time == null ? null : ArrowValues.micros(time);
          }
          case TIMESTAMP_TZ -> {
            OffsetDateTime time = result.getObject(column, OffsetDateTime.class);
            yield time == null
                ? null
                : ArrowValues.micros(time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
          }
          case VARBINARY -> result.getBytes(column);
          default -> result.getString(column);
        };
    return result.wasNull() ? null : value;
  }

  /** A cursor value as the driver binds it. */
  private static Object jdbcValue(Object value, SheafType type) {
    return switch (type.kind()) {
      case DATE -> LocalDate.ofEpochDay((Integer) value);
      case TIMESTAMP -> localTime((Long) value);
      case TIMESTAMP_TZ -> localTime((Long) value).atOffset(ZoneOffset.UTC);
      default -> value;
    };
  }

  private static LocalDateTime localTime(long micros) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L),
        (int) Math.floorMod(micros, 1_000_000L) * 1000,
        ZoneOffset.UTC);
  }

  /**
   * The error of a failed read: SOURCE_UNAVAILABLE for a connection or login failure, a missing
   * table or column. The driver's message names the server and user, never the password; the
   * password is masked anyway should a message ever carry it.
   */
  private SheafException failure(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String reason =
        state.startsWith("08")
            ? "cannot connect"
            : state.startsWith("28") ? "login refused" : "the query failed";
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (credentials.password() != null && !credentials.password().isEmpty()) {
      message = message.replace(credentials.password(), "***");
    }
    return SheafException.of(
        ErrorCode.SOURCE_UNAVAILABLE,
        "Cannot read source '%s' (%s): %s: %s (check that the server is up, the table exists and"
            + " the credentials profile is right)",
        source.name(),
        origin(),
        reason,
        message);
  }
}
