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
}
