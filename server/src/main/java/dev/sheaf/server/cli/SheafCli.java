package dev.sheaf.server.cli;

import dev.sheaf.server.SheafServer;
import dev.sheaf.server.config.ServerConfig;
import dev.sheaf.server.config.ServerConfigLoader;
import dev.sheaf.spi.error.SheafException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sheaf} command: {@code serve}, {@code sql}, {@code jobs}, {@code ingest}, {@code
 * logout}, {@code version}.
 */
public final class SheafCli {
  private static final String USAGE =
      """
      usage: sheaf serve [--config FILE] [--host H] [--port P] [--data-dir DIR]
                         [--catalog-url JDBC_URL] [--catalog-user U] [--catalog-password P]
                         [--warehouse LOCATION] [--s3-endpoint URL] [--s3-region R]
                         [--s3-access-key-id ID] [--s3-secret-access-key KEY] [--s3-path-style]
                         [--s3-checksum-mode when_required|when_supported]
                         [--warehouse-cache-dir DIR] [--warehouse-cache-bytes BYTES]
                         [--index-location local|warehouse]
                         [--users NAME:HASH,...] [--tls-cert PEM --tls-key PEM]
                         [--allow-anonymous] [--allow-plaintext]
                         [--web-enabled true|false] [--web-host H] [--web-port P]
                         [--memory-budget BYTES] [--executor-threads N]
                         [--max-prepared-statements N] [--prepared-statement-idle SECONDS]
                         [--max-message-bytes BYTES] [--token-lifetime SECONDS]
             sheaf sql [--host H] [--port P] [-c SQL | -f FILE] [--format table|csv]
                       [--username U [--password P]] [--tls] [--tls-root-certs PEM]
                       [--no-wait]   (the password may come from SHEAF_PASSWORD instead)
             sheaf jobs [--host H] [--port P] [--wait] [--username U] [--tls] ...
             sheaf ingest media SOURCE DEST [--table T --column C] [--no-wait] [--host H] ...
                         (copies media into DEST as a server job, resumable; see --help)
             sheaf logout --username U [--password P] [--host H] [--port P] [--tls] ...
                         (ends every token the server gave U: all of U's sessions)
             sheaf hash-password    (reads a password on stdin, prints its hash for --users)
             sheaf version
      Settings also come from SHEAF_HOST, SHEAF_PORT, SHEAF_DATA_DIR, ... (flags win).
      """;

  private SheafCli() {}

  public static void main(String[] args) {
    CliLogging.configure(args.length == 0 ? "" : args[0], System.getProperties());
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(USAGE);
      return 2;
    }
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "serve" -> serve(rest, err);
        case "sql" -> SqlCommand.run(rest, out, err);
        case "jobs" -> JobsCommand.run(rest, out, err);
        case "ingest" -> IngestCommand.run(rest, out, err);
        case "logout" -> LogoutCommand.run(rest, out, err);
        case "hash-password" -> hashPassword(out, err);
        case "version", "--version" -> {
          out.println("sheaf 0.1.0");
          yield 0;
        }
        case "help", "--help", "-h" -> {
          out.print(USAGE);
          yield 0;
        }
        default -> {
          err.println("sheaf: unknown command '" + args[0] + "'");
          err.print(USAGE);
          yield 2;
        }
      };
    } catch (SheafException e) {
      err.println("sheaf: " + e.code() + ": " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("sheaf: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
  }

  /** Reads a password from standard input and prints its stored form for the users setting. */
  private static int hashPassword(PrintStream out, PrintStream err) {
    java.io.Console console = System.console();
    char[] password;
    if (console != null) {
      password = console.readPassword("password: ");
    } else {
      try {
        String line =
            new java.io.BufferedReader(
                    new java.io.InputStreamReader(
                        System.in, java.nio.charset.StandardCharsets.UTF_8))
                .readLine();
        password = line == null ? null : line.toCharArray();
      } catch (java.io.IOException e) {
        password = null;
      }
    }
    if (password == null || password.length == 0) {
      err.println("sheaf: give a password on standard input");
      return 2;
    }
    out.println(dev.sheaf.server.auth.PasswordHash.create(password));
    java.util.Arrays.fill(password, ' ');
    return 0;
  }

  private static int serve(String[] args, PrintStream err) {
    Map<String, String> flags = flags(args);
    Map<String, String> values = new LinkedHashMap<>();
    String file = flags.remove("config");
    if (file != null) {
      values.putAll(ServerConfigLoader.readFile(Path.of(file)));
    }
    values.putAll(ServerConfigLoader.fromEnvironment(System.getenv()));
    values.putAll(flags);
    ServerConfig config = ServerConfigLoader.build(values);
    SheafServer server = SheafServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sheaf-shutdown"));
    err.println(
        "Sheaf is serving Flight SQL on "
            + (config.usesTls() ? "grpc+tls://" : "grpc://")
            + config.host()
            + ":"
            + server.port()
            + " (data in "
            + config.dataDirectory().toAbsolutePath()
            + ")");
    if (server.webPort() >= 0) {
      err.println(
          "Sheaf's web pages: "
              + (config.usesTls() ? "https://" : "http://")
              + config.web().host()
              + ":"
              + server.webPort()
              + "/");
    }
    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** {@code --key value} and {@code --flag} pairs; {@code -c}/{@code -f} map to command/file. */
  static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> list = new ArrayList<>(List.of(args));
    for (int i = 0; i < list.size(); i++) {
      String arg = list.get(i);
      String key;
      if (arg.equals("-c")) {
        key = "command";
      } else if (arg.equals("-f")) {
        key = "file";
      } else if (arg.startsWith("--")) {
        key = arg.substring(2);
      } else {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      int equals = key.indexOf('=');
      if (equals > 0) {
        flags.put(key.substring(0, equals), key.substring(equals + 1));
      } else if (key.startsWith("allow-")
          || key.equals("s3-path-style")
          || key.equals("tls")
          || key.equals("wait")
          || key.equals("no-wait")) {
        flags.put(key, "true");
      } else if (i + 1 < list.size()) {
        flags.put(key, list.get(++i));
      } else {
        throw new IllegalArgumentException("option '" + arg + "' needs a value");
      }
    }
    return flags;
  }
}
