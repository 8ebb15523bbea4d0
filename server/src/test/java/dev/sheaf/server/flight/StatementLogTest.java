package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementLogTest {
  @Test
  void definitionsAreKnownByTheirFirstWordPastComments() {
    assertThat(StatementLog.isDefinition("CREATE TABLE t (a INT)")).isTrue();
    assertThat(StatementLog.isDefinition("  drop table t")).isTrue();
    assertThat(StatementLog.isDefinition("-- note\n/* x */ ALTER TABLE t RENAME TO u")).isTrue();
    assertThat(StatementLog.isDefinition("TRUNCATE t")).isTrue();
    assertThat(StatementLog.isDefinition("INSERT INTO t VALUES (1)")).isFalse();
    assertThat(StatementLog.isDefinition("SELECT 'DROP TABLE t'")).isFalse();
    assertThat(StatementLog.isDefinition("CREATED")).isFalse();
    assertThat(StatementLog.isDefinition("")).isFalse();
  }

  @Test
  void aPasswordInAUriNeverReachesTheLog() {
    String logged =
        dev.sheaf.server.auth.LogText.of(
            "CREATE SOURCE s FROM 'postgresql://me:hunter2@db:5432/x' TABLE t");
    assertThat(logged).doesNotContain("hunter2").contains("postgresql://me:***@db:5432/x");
    assertThat(dev.sheaf.server.auth.LogText.of("SELECT 'a:b' FROM t"))
        .isEqualTo("SELECT 'a:b' FROM t");
  }
}
