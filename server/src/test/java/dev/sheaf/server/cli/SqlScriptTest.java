package dev.sheaf.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void statementsKeepTheLineTheyStartOn() {
    String script =
        """
        -- make the table
        CREATE TABLE t (id INTEGER);

        INSERT INTO t VALUES (1); INSERT INTO t
          VALUES ('a;b
        c');
        /* a comment
           over lines */ SELECT '猫;' FROM t;
        """;
    List<SqlScript.Statement> statements = SqlScript.statements(script);
    assertThat(statements)
        .containsExactly(
            new SqlScript.Statement("CREATE TABLE t (id INTEGER)", 2),
            new SqlScript.Statement("INSERT INTO t VALUES (1)", 4),
            new SqlScript.Statement("INSERT INTO t\n  VALUES ('a;b\nc')", 4),
            new SqlScript.Statement("SELECT '猫;' FROM t", 8));
  }

  @Test
  void emptyStatementsAreDropped() {
    assertThat(SqlScript.split(" ; ;\n-- only a comment\n")).isEmpty();
  }
}
