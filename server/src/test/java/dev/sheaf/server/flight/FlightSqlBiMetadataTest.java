package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.server.SheafServer;
import dev.sheaf.server.config.ServerConfigLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a BI tool (DBeaver, Tableau, Superset through JDBC) asks on connect, through the Arrow
 * Flight SQL JDBC driver against a real server: the product and dialect, every DatabaseMetaData
 * question (none may throw), catalogs, schemas, tables and columns with patterns, keys, and a
 * prepared query with parameters and its ResultSetMetaData. Every function and conversion the
 * server lists runs.
 */
class FlightSqlBiMetadataTest {
  @TempDir static Path directory;
  private static SheafServer server;
  private static Connection connection;
  private static DatabaseMetaData metadata;

  @BeforeAll
  static void start() throws SQLException {
    server =
        SheafServer.start(
            ServerConfigLoader.build(Map.of("port", "0", "data-dir", directory.toString())));
    connection =
        DriverManager.getConnection(
            "jdbc:arrow-flight-sql://127.0.0.1:" + server.port() + "?useEncryption=false");
    metadata = connection.getMetaData();
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE bi_items (id BIGINT PRIMARY KEY, qty INTEGER, price DECIMAL(10, 2),"
              + " score DOUBLE, ratio REAL, label VARCHAR NOT NULL, flag BOOLEAN, d DATE,"
              + " ts TIMESTAMP, raw VARBINARY, img IMAGE, doc JSON, emb VECTOR(3))");
      statement.execute(
          "INSERT INTO bi_items VALUES (1, 5, 9.99, 0.5, 0.25, 'pen', true, DATE '2024-03-01',"
              + " TIMESTAMP '2024-03-01 10:00:00.5', X'0102', 's3://b/1.jpg', '{\"a\": 1}',"
              + " ARRAY[1.0, 2.0, 3.0]),"
              + " (2, 50, 19.50, 1.5, 0.75, 'pencil', false, DATE '2024-03-02',"
              + " TIMESTAMP '2024-03-02 11:00:00', X'03', 's3://b/2.jpg', '[]', ARRAY[0.0, 1.0, 0.0])");
      statement.execute("CREATE SCHEMA bi_other");
      statement.execute("CREATE TABLE bi_other.sales (item_id BIGINT, amount DOUBLE)");
      statement.execute("CREATE VIEW bi_other.big_sales AS SELECT * FROM sales WHERE amount > 10");
    }
  }

  @AfterAll
  static void stop() throws SQLException {
    connection.close();
    server.close();
  }

  @Test
  void productAndDialect() throws SQLException {
    assertThat(metadata.getDatabaseProductName()).isEqualTo("Sheaf");
    assertThat(metadata.getDatabaseProductVersion()).isEqualTo(SheafSqlInfo.VERSION);
    assertThat(metadata.getIdentifierQuoteString()).isEqualTo("\"");
    assertThat(metadata.getSearchStringEscape()).isEqualTo("\\");
    assertThat(metadata.getCatalogTerm()).isEqualTo("catalog");
    assertThat(metadata.getSchemaTerm()).isEqualTo("schema");
    assertThat(metadata.isCatalogAtStart()).isTrue();
    assertThat(metadata.getSQLKeywords().split(", ")).contains("VECTOR", "STORED", "LIMIT");
    assertThat(metadata.isReadOnly()).isFalse();
    assertThat(metadata.supportsTransactions()).isFalse();
    assertThat(metadata.supportsFullOuterJoins()).isTrue();
    assertThat(metadata.supportsUnionAll()).isTrue();
    assertThat(metadata.supportsCorrelatedSubqueries()).isTrue();
    assertThat(metadata.supportsBatchUpdates()).isTrue();
    assertThat(metadata.supportsGroupByUnrelated()).isTrue();
    assertThat(metadata.supportsLikeEscapeClause()).isTrue();
    assertThat(metadata.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY)).isTrue();
    assertThat(metadata.supportsResultSetType(ResultSet.TYPE_SCROLL_SENSITIVE)).isFalse();
    assertThat(metadata.supportsStoredProcedures()).isFalse();
    assertThat(metadata.supportsConvert(Types.INTEGER, Types.VARCHAR)).isTrue();
    assertThat(metadata.supportsConvert(Types.DATE, Types.INTEGER)).isFalse();
    assertThat(metadata.getMaxColumnNameLength()).isZero();
    assertThat(metadata.getMaxColumnsInIndex()).isEqualTo(1);
  }

  /** Every question without arguments, and the ones about result set types, has an answer. */
  @Test
  void everyDatabaseMetaDataQuestionIsAnswered() throws Exception {
    List<String> failures = new ArrayList<>();
    int asked = 0;
    for (Method method : DatabaseMetaData.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers()) || method.getName().equals("unwrap")) {
        continue;
      }
      Object[] arguments = arguments(method);
      if (arguments == null) {
        continue;
      }
      asked++;
      try {
        Object answer = method.invoke(metadata, arguments);
        if (answer instanceof ResultSet result) {
          try (result) {
            while (result.next()) {
              result.getObject(1);
            }
          }
        }
      } catch (InvocationTargetException e) {
        failures.add(method.getName() + ": " + e.getCause());
      }
    }
    assertThat(asked).isGreaterThan(150);
    // Avatica, under Arrow's driver (18.3.0), throws "todo: implement this method" for these,
    // without asking the server; when a driver answers them, this list shrinks.
    assertThat(failures)
        .allSatisfy(failure -> assertThat(failure).endsWith("todo: implement this method"))
        .extracting(failure -> failure.substring(0, failure.indexOf(':')))
        .containsExactlyInAnyOrder(
            "ownUpdatesAreVisible",
            "ownDeletesAreVisible",
            "ownInsertsAreVisible",
            "othersUpdatesAreVisible",
            "othersDeletesAreVisible",
            "othersInsertsAreVisible",
            "updatesAreDetected",
            "deletesAreDetected",
            "insertsAreDetected",
            "supportsResultSetHoldability");
  }

  /** Arguments a BI tool would pass, or null for a method this test does not ask. */
  private static Object[] arguments(Method method) {
    Class<?>[] types = method.getParameterTypes();
    Object[] arguments = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      if (types[i] == int.class) {
        arguments[i] =
            method.getName().startsWith("supportsConvert")
                ? Types.VARCHAR
                : method.getName().contains("TransactionIsolation")
                    ? Connection.TRANSACTION_NONE
                    : ResultSet.TYPE_FORWARD_ONLY;
      } else if (types[i] == boolean.class) {
        arguments[i] = false;
      } else if (types[i] == String.class) {
        arguments[i] =
            method.getName().contains("Keys") || method.getName().contains("Cross")
                ? (i % 3 == 2 ? "bi_items" : null)
                : (i >= 2 && method.getName().startsWith("get") ? "%" : null);
      } else if (types[i] == String[].class || types[i] == int[].class) {
        arguments[i] = null;
      } else if (types[i] == Class.class) {
        return null;
      } else {
        return null;
      }
    }
    return arguments;
  }

  @Test
  void typeInfoIsAnEmptyAnswerFromTheDriverNotAnError() throws SQLException {
    // Arrow's JDBC driver (18.3.0) answers getTypeInfo itself, with no rows, and never sends
    // Flight SQL's GetXdbcTypeInfo; ODBC and ADBC clients do, and FlightSqlProtocolTest checks
    // the server's answer. When a driver starts asking, this test tells.
    try (ResultSet types = metadata.getTypeInfo()) {
      assertThat(types.getMetaData().getColumnLabel(1)).isEqualTo("TYPE_NAME");
      assertThat(types.next()).isFalse();
    }
  }

  @Test
  void catalogsSchemasAndTablesWithPatterns() throws SQLException {
    assertThat(column(metadata.getCatalogs(), "TABLE_CAT")).containsExactly("sheaf");
    assertThat(column(metadata.getTableTypes(), "TABLE_TYPE")).containsExactly("TABLE", "VIEW");
    assertThat(column(metadata.getSchemas(), "TABLE_SCHEM")).contains("main", "bi_other");
    assertThat(column(metadata.getSchemas("sheaf", "bi%"), "TABLE_SCHEM"))
        .containsExactly("bi_other");
    assertThat(column(metadata.getSchemas("elsewhere", null), "TABLE_SCHEM")).isEmpty();
    assertThat(column(metadata.getTables(null, null, "bi%", null), "TABLE_NAME"))
        .contains("bi_items");
    assertThat(column(metadata.getTables("sheaf", "bi_other", "%", null), "TABLE_NAME"))
        .containsExactly("big_sales", "sales");
    assertThat(column(metadata.getTables("sheaf", "bi_other", "%", null), "TABLE_TYPE"))
        .containsExactly("VIEW", "TABLE");
    assertThat(
            column(metadata.getTables(null, "bi_other", "%", new String[] {"VIEW"}), "TABLE_NAME"))
        .containsExactly("big_sales");
    List<String> viewColumns = new ArrayList<>();
    try (ResultSet result = metadata.getColumns(null, "bi_other", "big_sales", "%")) {
      while (result.next()) {
        viewColumns.add(result.getString("COLUMN_NAME"));
      }
    }
    assertThat(viewColumns).containsExactly("item_id", "amount");
    assertThat(
            column(
                metadata.getTables(null, "main", "bi\\_items", new String[] {"TABLE"}),
                "TABLE_TYPE"))
        .containsExactly("TABLE");
    assertThat(column(metadata.getTables(null, "main", "%", new String[] {"VIEW"}), "TABLE_NAME"))
        .isEmpty();
    assertThat(column(metadata.getTables(null, "main", "no_such_%", null), "TABLE_NAME")).isEmpty();
  }

  @Test
  void columnsCarryTypesSizesNullabilityAndRemarks() throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet result = metadata.getColumns(null, "main", "bi_items", "%")) {
      while (result.next()) {
        columns.add(
            String.join(
                " ",
                result.getInt("ORDINAL_POSITION") + "",
                result.getString("COLUMN_NAME"),
                result.getString("TYPE_NAME"),
                result.getInt("DATA_TYPE") + "",
                String.valueOf(result.getObject("COLUMN_SIZE")),
                String.valueOf(result.getObject("DECIMAL_DIGITS")),
                result.getInt("NULLABLE") + "",
                result.getString("IS_NULLABLE"),
                String.valueOf(result.getString("REMARKS"))));
      }
    }
    assertThat(columns)
        .containsExactly(
            "1 id BIGINT " + Types.BIGINT + " 19 0 0 NO null",
            "2 qty INTEGER " + Types.INTEGER + " 10 0 1 YES null",
            "3 price DECIMAL " + Types.DECIMAL + " 10 2 1 YES null",
            "4 score DOUBLE " + Types.DOUBLE + " null null 1 YES null",
            // the driver names a 32-bit float FLOAT, whatever the server's type info says
            "5 ratio REAL " + Types.FLOAT + " null null 1 YES null",
            "6 label VARCHAR " + Types.VARCHAR + " 65536 null 0 NO null",
            "7 flag BOOLEAN " + Types.BOOLEAN + " null null 1 YES null",
            "8 d DATE " + Types.DATE + " 10 0 1 YES null",
            "9 ts TIMESTAMP " + Types.TIMESTAMP + " 26 6 1 YES null",
            "10 raw VARBINARY " + Types.VARBINARY + " 65536 null 1 YES null",
            "11 img IMAGE " + Types.VARCHAR + " 65536 null 1 YES image reference (URI)",
            "12 doc JSON " + Types.VARCHAR + " 65536 null 1 YES JSON document",
            "13 emb VECTOR " + Types.ARRAY + " 3 null 1 YES VECTOR(3): VECTOR(n) of REAL");
    assertThat(column(metadata.getColumns(null, null, "bi_items", "r%"), "COLUMN_NAME"))
        .containsExactly("ratio", "raw");
  }

  @Test
  void keysArePrimaryOnlyAndForeignKeysAreEmpty() throws SQLException {
    assertThat(column(metadata.getPrimaryKeys(null, "main", "bi_items"), "COLUMN_NAME"))
        .containsExactly("id");
    assertThat(column(metadata.getPrimaryKeys(null, "bi_other", "sales"), "COLUMN_NAME")).isEmpty();
    assertThat(column(metadata.getImportedKeys(null, "main", "bi_items"), "PKTABLE_NAME"))
        .isEmpty();
    assertThat(column(metadata.getExportedKeys(null, "main", "bi_items"), "FKTABLE_NAME"))
        .isEmpty();
    assertThat(
            column(
                metadata.getCrossReference(null, "main", "bi_items", null, "bi_other", "sales"),
                "FKTABLE_NAME"))
        .isEmpty();
    assertThat(column(metadata.getIndexInfo(null, "main", "bi_items", false, true), "INDEX_NAME"))
        .isEmpty();
  }

  @Test
  void aPreparedQueryWithParametersDescribesItsResult() throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT id, label, price, d, ts, score FROM bi_items"
                + " WHERE qty > ? AND label LIKE ? ORDER BY id")) {
      assertThat(query.getParameterMetaData().getParameterCount()).isEqualTo(2);
      query.setInt(1, 1);
      query.setString(2, "pen%");
      try (ResultSet result = query.executeQuery()) {
        // Labels and JDBC types; the driver (18.3.0) leaves nullability unknown (0) and reads
        // precision only from Flight SQL column metadata, which result schemas do not carry.
        ResultSetMetaData columns = result.getMetaData();
        List<String> described = new ArrayList<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          described.add(columns.getColumnLabel(i) + " " + columns.getColumnType(i));
        }
        assertThat(described)
            .containsExactly(
                "id " + Types.BIGINT,
                "label " + Types.VARCHAR,
                "price " + Types.DECIMAL,
                "d " + Types.DATE,
                "ts " + Types.TIMESTAMP,
                "score " + Types.DOUBLE);
        List<String> rows = new ArrayList<>();
        while (result.next()) {
          rows.add(
              result.getLong("id")
                  + " "
                  + result.getString("label")
                  + " "
                  + result.getBigDecimal("price")
                  + " "
                  + result.getDate("d")
                  + " "
                  + result.getTimestamp("ts"));
        }
        assertThat(rows)
            .containsExactly(
                "1 pen 9.99 2024-03-01 2024-03-01 10:00:00.5",
                "2 pencil 19.50 2024-03-02 2024-03-02 11:00:00.0");
      }
    }
  }

  /** One call of every function the server lists; a new name must bring its sample here. */
  @Test
  void everyListedFunctionRuns() throws SQLException {
    Map<String, String> samples = new LinkedHashMap<>();
    samples.putAll(FunctionSamples.NUMERIC);
    samples.putAll(FunctionSamples.STRING);
    samples.putAll(FunctionSamples.DATETIME);
    samples.putAll(FunctionSamples.SYSTEM);
    assertThat(listed(metadata.getNumericFunctions()))
        .isEqualTo(new TreeSet<>(FunctionSamples.NUMERIC.keySet()));
    assertThat(listed(metadata.getStringFunctions()))
        .isEqualTo(new TreeSet<>(FunctionSamples.STRING.keySet()));
    assertThat(listed(metadata.getTimeDateFunctions()))
        .isEqualTo(new TreeSet<>(FunctionSamples.DATETIME.keySet()));
    assertThat(listed(metadata.getSystemFunctions()))
        .isEqualTo(new TreeSet<>(FunctionSamples.SYSTEM.keySet()));
    List<String> failures = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> sample : samples.entrySet()) {
        try (ResultSet result = statement.executeQuery("SELECT " + sample.getValue())) {
          assertThat(result.next()).isTrue();
        } catch (SQLException e) {
          failures.add(sample.getKey() + ": " + e.getMessage());
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  /** Every pair of SQL types supportsConvert says yes to converts with CAST. */
  @Test
  void everyListedConversionRuns() throws SQLException {
    Map<Integer, String> names = new LinkedHashMap<>();
    names.put(Types.BIGINT, "BIGINT");
    names.put(Types.INTEGER, "INTEGER");
    names.put(Types.SMALLINT, "SMALLINT");
    names.put(Types.TINYINT, "TINYINT");
    names.put(Types.DECIMAL, "DECIMAL(10, 2)");
    names.put(Types.NUMERIC, "NUMERIC(10, 2)");
    names.put(Types.REAL, "REAL");
    names.put(Types.FLOAT, "FLOAT");
    names.put(Types.CHAR, "CHAR(20)");
    names.put(Types.VARCHAR, "VARCHAR");
    names.put(Types.DATE, "DATE");
    names.put(Types.TIMESTAMP, "TIMESTAMP");
    names.put(Types.BINARY, "BINARY(2)");
    names.put(Types.VARBINARY, "VARBINARY");
    List<String> failures = new ArrayList<>();
    int pairs = 0;
    try (Statement statement = connection.createStatement()) {
      for (int from : names.keySet()) {
        for (int to : names.keySet()) {
          if (!metadata.supportsConvert(from, to)) {
            continue;
          }
          pairs++;
          String cast = "CAST(" + sample(from, to, names.get(from)) + " AS " + names.get(to) + ")";
          try (ResultSet result = statement.executeQuery("SELECT " + cast)) {
            assertThat(result.next()).isTrue();
          } catch (SQLException e) {
            failures.add(cast + ": " + e.getMessage());
          }
        }
      }
    }
    assertThat(pairs).isGreaterThan(100);
    assertThat(failures).isEmpty();
  }

  private static String sample(int from, int to, String fromName) {
    return switch (from) {
      case Types.CHAR, Types.VARCHAR ->
          switch (to) {
            case Types.DATE -> "'2024-03-01'";
            case Types.TIMESTAMP -> "'2024-03-01 10:00:00'";
            case Types.CHAR, Types.VARCHAR -> "'text'";
            default -> "'7'";
          };
      case Types.DATE -> "DATE '2024-03-01'";
      case Types.TIMESTAMP -> "TIMESTAMP '2024-03-01 10:00:00'";
      case Types.BINARY, Types.VARBINARY -> "X'0102'";
      default -> "CAST(7 AS " + fromName + ")";
    };
  }

  private static TreeSet<String> listed(String commaSeparated) {
    return new TreeSet<>(Arrays.asList(commaSeparated.split(", ")));
  }

  private static List<String> column(ResultSet result, String name) throws SQLException {
    List<String> values = new ArrayList<>();
    try (result) {
      while (result.next()) {
        values.add(result.getString(name));
      }
    }
    return values;
  }
}
