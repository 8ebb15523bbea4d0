package dev.sheaf.server.cli;

import java.util.Map;
import java.util.Properties;

/**
 * The log levels of the {@code sheaf} command, set before the first logger exists. Client commands
 * ({@code sql}, {@code jobs}, ...) log only warnings and errors, so that their terminal shows
 * results and errors and not the libraries' start-up notes (Arrow's allocator logs three INFO lines
 * when the first buffer is allocated); the server logs at INFO. Arrow's memory notes, Iceberg's and
 * Hadoop's chatter are quiet in both, and so is PDFBox's note on every PDF that names a standard
 * font without embedding it ("Using fallback font"; text extraction needs only its metrics). A
 * level given on the command line ({@code -Dorg.slf4j.simpleLogger...}, as the launcher passes
 * {@code SHEAF_LOG_LEVEL}) wins over these defaults.
 */
final class CliLogging {
  static final String PREFIX = "org.slf4j.simpleLogger.";

  private CliLogging() {}

  /** The default levels for {@code command}: simple logger property -> value. */
  static Map<String, String> defaults(String command) {
    return Map.of(
        PREFIX + "defaultLogLevel",
        "serve".equals(command) ? "info" : "warn",
        PREFIX + "log.org.apache.arrow.memory",
        "warn",
        PREFIX + "log.org.apache.iceberg",
        "warn",
        PREFIX + "log.org.apache.iceberg.util.Tasks",
        "error",
        PREFIX + "log.org.apache.hadoop",
        "warn",
        PREFIX + "log.org.apache.pdfbox.pdmodel.font",
        "error");
  }

  /**
   * Sets the defaults for {@code command} in {@code properties} (the system properties), keeping
   * those already set.
   */
  static void configure(String command, Properties properties) {
    defaults(command).forEach(properties::putIfAbsent);
  }
}
