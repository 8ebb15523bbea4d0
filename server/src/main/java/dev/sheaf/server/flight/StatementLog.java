package dev.sheaf.server.flight;

import dev.sheaf.server.auth.LogText;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of schema changes: every DDL statement (CREATE, DROP, ALTER, TRUNCATE) and every
 * bulk ingest that creates or replaces a table is logged once it has run, with the user who sent it
 * ({@code anonymous} on a server without users) and its outcome. Text from the client is made safe
 * for one log line ({@link LogText}).
 */
final class StatementLog {
  private static final Logger LOG = LoggerFactory.getLogger(StatementLog.class);
  private static final Set<String> DEFINITIONS = Set.of("CREATE", "DROP", "ALTER", "TRUNCATE");

  private StatementLog() {}

  /** Whether a statement changes definitions: its first word, past comments, says so. */
  static boolean isDefinition(String sql) {
    int at = 0;
    int length = sql.length();
    while (at < length) {
      char c = sql.charAt(at);
      if (Character.isWhitespace(c) || c == '(') {
        at++;
      } else if (sql.startsWith("--", at)) {
        int end = sql.indexOf('\n', at);
        at = end < 0 ? length : end + 1;
      } else if (sql.startsWith("/*", at)) {
        int end = sql.indexOf("*/", at + 2);
        at = end < 0 ? length : end + 2;
      } else {
        break;
      }
    }
    int end = at;
    while (end < length && Character.isLetter(sql.charAt(end))) {
      end++;
    }
    return DEFINITIONS.contains(sql.substring(at, end).toUpperCase(Locale.ROOT));
  }

  /** Logs a definition statement that ran: {@code failure} is null when it succeeded. */
  static void ran(String caller, String sql, RuntimeException failure) {
    if (failure == null) {
      LOG.info("DDL by {}: {}", user(caller), LogText.of(sql));
    } else {
      LOG.info("DDL by {} failed ({}): {}", user(caller), code(failure), LogText.of(sql));
    }
  }

  /** Logs a bulk ingest that creates or replaces a table. */
  static void ingested(String caller, String table, String mode, RuntimeException failure) {
    LOG.info(
        "Ingest ({}) by {} into {}{}",
        mode,
        user(caller),
        LogText.of(table),
        failure == null ? "" : " failed (" + code(failure) + ")");
  }

  private static String user(String caller) {
    return caller == null || caller.isEmpty() ? "anonymous" : LogText.of(caller);
  }

  private static String code(RuntimeException failure) {
    return failure instanceof SheafException e
        ? e.code().name()
        : failure.getClass().getSimpleName();
  }
}
