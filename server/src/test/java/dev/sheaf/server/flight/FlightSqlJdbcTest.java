package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.server.SheafServer;
import dev.sheaf.server.config.ServerConfig;
import dev.sheaf.server.config.ServerLimits;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sheaf as a BI tool sees it: the Arrow Flight SQL JDBC driver against a real server. */
class FlightSqlJdbcTest {
  @TempDir static Path directory;
  private static SheafServer server;
  private static String url;

  @BeforeAll
  static void start() throws SQLException {
    ServerConfig defaults = ServerConfig.defaults();
    server =
        SheafServer.start(
            new ServerConfig(
                "127.0.0.1",
                0,
                directory,
                null,
                null,
                null,
                null,
                defaults.s3(),
                false,
                false,
                null,
                null,
                null,
                ServerLimits.defaults(),
                dev.sheaf.catalog.media.MediaConfig.defaults(directory),
                defaults.warehouseCache(),
                defaults.indexLocation(),
                defaults.web().withPort(0),
                java.util.Map.of()));
    url = "jdbc:arrow-flight-sql://127.0.0.1:" + server.port() + "?useEncryption=false";
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE photos (id INTEGER PRIMARY KEY, img IMAGE, label VARCHAR, score DOUBLE)");
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void preparedStatementsWithParameters() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO photos VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 3; i++) {
          insert.setInt(1, i);
          insert.setString(2, "s3://bucket/" + i + ".jpg");
          insert.setString(3, i % 2 == 0 ? "dog" : "cat");
          insert.setDouble(4, i / 10.0);
          assertThat(insert.executeUpdate()).isEqualTo(1);
        }
      }
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT id, label FROM photos WHERE label = ? AND score > ? ORDER BY id")) {
        query.setString(1, "cat");
        query.setDouble(2, 0.05);
        List<String> rows = new ArrayList<>();
        try (ResultSet result = query.executeQuery()) {
          while (result.next()) {
            rows.add(result.getInt("id") + ":" + result.getString("label"));
          }
        }
        assertThat(rows).containsExactly("1:cat", "3:cat");
      }
    }
  }

  @Test
  void textInAnyScriptRoundTripsAsLiteralsAndParameters() throws SQLException {
    List<String> texts = List.of("héllo", "猫が寝ている", "قطة نائمة", "h\u00e9llo 😀");
    try (Connection connection = DriverManager.getConnection(url);
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE \"字幕\" (id INTEGER, \"テキスト\" VARCHAR)");
      for (int i = 0; i < texts.size(); i++) {
        statement.execute("INSERT INTO \"字幕\" VALUES (" + i + ", '" + texts.get(i) + "')");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO \"字幕\" VALUES (?, ?)")) {
        for (int i = 0; i < texts.size(); i++) {
          insert.setInt(1, 10 + i);
          insert.setString(2, texts.get(i));
          insert.executeUpdate();
        }
      }
      for (String text : texts) {
        try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) AS n, min(\"テキスト\") AS t FROM \"字幕\""
                    + " WHERE \"テキスト\" = '"
                    + text
                    + "' AND \"テキスト\" = ?")) {
          query.setString(1, text);
          try (ResultSet result = query.executeQuery()) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong("n")).isEqualTo(2);
            assertThat(result.getString("t")).isEqualTo(text);
          }
        }
      }
    }
  }

  @Test
  void databaseMetadataDescribesTables() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      DatabaseMetaData metadata = connection.getMetaData();
      assertThat(metadata.getDatabaseProductName()).isEqualTo("Sheaf");
      try (ResultSet catalogs = metadata.getCatalogs()) {
        assertThat(catalogs.next()).isTrue();
        assertThat(catalogs.getString("TABLE_CAT")).isEqualTo("sheaf");
      }
      List<String> tables = new ArrayList<>();
      try (ResultSet result = metadata.getTables(null, "main", "%", null)) {
        while (result.next()) {
          tables.add(result.getString("TABLE_NAME") + "/" + result.getString("TABLE_TYPE"));
        }
      }
      assertThat(tables).contains("photos/TABLE");
      List<String> columns = new ArrayList<>();
      try (ResultSet result = metadata.getColumns(null, "main", "photos", "%")) {
        while (result.next()) {
          columns.add(result.getString("COLUMN_NAME") + ":" + result.getInt("DATA_TYPE"));
        }
      }
      assertThat(columns)
          .containsExactly(
              "id:" + Types.INTEGER,
              "img:" + Types.VARCHAR,
              "label:" + Types.VARCHAR,
              "score:" + Types.DOUBLE);
      try (ResultSet keys = metadata.getPrimaryKeys(null, "main", "photos")) {
        assertThat(keys.next()).isTrue();
        assertThat(keys.getString("COLUMN_NAME")).isEqualTo("id");
      }
    }
  }

  @Test
  void transactionsAreReportedUnsupported() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      DatabaseMetaData metadata = connection.getMetaData();
      assertThat(metadata.supportsTransactions()).isFalse();
      assertThat(metadata.supportsSavepoints()).isFalse();
      assertThat(metadata.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_NONE);
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  @Test
  void largeResultsStreamInBatches() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE numbers AS SELECT * FROM (VALUES (1)) AS t(n)");
      for (int round = 0; round < 17; round++) {
        statement.execute(
            "INSERT INTO numbers SELECT n + (SELECT max(n) FROM numbers) FROM numbers");
      }
      long count = 0;
      long sum = 0;
      try (ResultSet result = statement.executeQuery("SELECT n FROM numbers")) {
        ResultSetMetaData columns = result.getMetaData();
        assertThat(columns.getColumnCount()).isEqualTo(1);
        while (result.next()) {
          count++;
          sum += result.getLong(1);
        }
      }
      assertThat(count).isEqualTo(1L << 17);
      assertThat(sum).isEqualTo((1L << 17) * ((1L << 17) + 1) / 2);
    }
  }

  @Test
  void aBatchIsOneStatementAndOneVersion() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE batched (id INTEGER PRIMARY KEY, label VARCHAR)");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO batched VALUES (?, ?)")) {
        for (int i = 1; i <= 5; i++) {
          insert.setInt(1, i);
          insert.setString(2, "row " + i);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement update =
          connection.prepareStatement("UPDATE batched SET label = ? WHERE id = ?")) {
        for (int i = 1; i <= 3; i++) {
          update.setString(1, "changed " + i);
          update.setInt(2, i);
          update.addBatch();
        }
        update.executeBatch();
      }
      try (Statement statement = connection.createStatement()) {
        assertThat(rows(statement, "SELECT id, label FROM batched ORDER BY id"))
            .containsExactly("1 changed 1", "2 changed 2", "3 changed 3", "4 row 4", "5 row 5");
        assertThat(
                rows(
                    statement,
                    "SELECT version, operation FROM \"batched$history\" ORDER BY version"))
            .containsExactly("1 append", "2 overwrite");
      }
    }
  }

  private static List<String> rows(Statement statement, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1) + " " + result.getString(2));
      }
    }
    return rows;
  }

  @Test
  void errorsCarryTheSheafCode() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("TABLE_NOT_FOUND");
      assertThatThrownBy(() -> statement.execute("INSERT INTO photos (id) VALUES (1), (1)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("DUPLICATE_KEY");
    }
  }
}
