package dev.sheaf.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class CliLoggingTest {
  private static final String LEVEL = CliLogging.PREFIX + "defaultLogLevel";
  private static final String ARROW_MEMORY = CliLogging.PREFIX + "log.org.apache.arrow.memory";

  @Test
  void clientCommandsLogWarningsAndTheServerLogsInfo() {
    assertThat(CliLogging.defaults("sql")).containsEntry(LEVEL, "warn");
    assertThat(CliLogging.defaults("jobs")).containsEntry(LEVEL, "warn");
    assertThat(CliLogging.defaults("serve")).containsEntry(LEVEL, "info");
    assertThat(CliLogging.defaults("serve")).containsEntry(ARROW_MEMORY, "warn");
    assertThat(CliLogging.defaults("sql"))
        .containsEntry(CliLogging.PREFIX + "log.org.apache.iceberg.util.Tasks", "error");
  }

  @Test
  void aLevelGivenOnTheCommandLineWins() {
    Properties properties = new Properties();
    properties.setProperty(ARROW_MEMORY, "debug");
    CliLogging.configure("sql", properties);
    assertThat(properties).containsEntry(ARROW_MEMORY, "debug").containsEntry(LEVEL, "warn");
  }
}
