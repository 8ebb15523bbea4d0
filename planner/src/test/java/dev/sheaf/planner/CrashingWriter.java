package dev.sheaf.planner;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.config.WarehouseCacheSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A writer for crash tests, run as a child JVM: it opens the catalog and inserts batches of {@link
 * #BATCH} rows into a table until it is killed, printing {@code committed <n>} after each insert.
 */
final class CrashingWriter {
  static final int BATCH = 7;

  private CrashingWriter() {}

  /** {@code CrashingWriter <config.properties> <table>}. */
  public static void main(String[] args) throws IOException {
    CatalogConfig config = read(Path.of(args[0]));
    String table = args[1];
    try (SheafEngine engine = SheafEngine.open(config)) {
      for (int batch = 0; ; batch++) {
        StringBuilder values = new StringBuilder();
        for (int n = 0; n < BATCH; n++) {
          values.append(n == 0 ? "" : ", ").append('(').append(batch).append(", ").append(n);
          values.append(')');
        }
        engine.execute("INSERT INTO " + table + " VALUES " + values).close();
        System.out.println("committed " + (batch + 1));
        System.out.flush();
      }
    }
  }

  /** Starts a writer in a child JVM on this JVM's classpath. */
  static Child start(CatalogConfig config, String table, Path directory) throws IOException {
    Path configFile = directory.resolve("crash-writer.properties");
    write(config, configFile);
    // The classpath goes in an @argfile: the java launcher fails on very long command lines.
    Path argFile = directory.resolve("crash-writer.args");
    Files.writeString(
        argFile,
        String.join(
            "\n",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-cp",
            quote(System.getProperty("java.class.path")),
            CrashingWriter.class.getName(),
            quote(configFile.toString()),
            table),
        StandardCharsets.UTF_8);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = directory.resolve("crash-writer.log");
    Process process =
        new ProcessBuilder(java, "@" + argFile)
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    return new Child(process, log);
  }

  /** The running writer: its commits as they are reported, and a way to kill it. */
  static final class Child implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Child(Process process, Path log) {
      this.process = process;
      this.log = log;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the process was killed
                } finally {
                  lines.add("<eof>");
                }
              },
              "crashing-writer-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits until the child has reported {@code commits} inserts. */
    void awaitCommits(int commits) throws InterruptedException, IOException {
      while (true) {
        String line = lines.poll(3, TimeUnit.MINUTES);
        if (line == null || line.equals("<eof>")) {
          throw new AssertionError(
              "the writer stopped before " + commits + " commits: " + Files.readString(log));
        }
        if (line.equals("committed " + commits)) {
          return;
        }
      }
    }

    /** Kills the child at once (SIGKILL), whatever it is writing, and waits until it is gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        throw new AssertionError("the writer did not die");
      }
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        kill();
      }
    }
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void write(CatalogConfig config, Path file) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("catalogUri", config.catalogUri());
    if (config.catalogUser() != null) {
      properties.setProperty("catalogUser", config.catalogUser());
    }
    if (config.catalogPassword() != null) {
      properties.setProperty("catalogPassword", config.catalogPassword());
    }
    properties.setProperty("warehouse", config.warehouse());
    S3Settings s3 = config.s3();
    if (s3.endpoint() != null) {
      properties.setProperty("s3.endpoint", s3.endpoint());
    }
    properties.setProperty("s3.region", s3.region());
    if (s3.accessKeyId() != null) {
      properties.setProperty("s3.accessKeyId", s3.accessKeyId());
      properties.setProperty("s3.secretAccessKey", s3.secretAccessKey());
    }
    properties.setProperty("s3.pathStyleAccess", String.valueOf(s3.pathStyleAccess()));
    properties.setProperty("s3.checksumMode", s3.checksumMode().name());
    properties.setProperty("s3.maxAttempts", String.valueOf(s3.maxAttempts()));
    properties.setProperty("warehouseCache.dir", config.warehouseCache().directory().toString());
    properties.setProperty(
        "warehouseCache.bytes", String.valueOf(config.warehouseCache().budgetBytes()));
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, "CrashingWriter");
    }
  }

  private static CatalogConfig read(Path file) {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    S3Settings s3 =
        new S3Settings(
            p.getProperty("s3.endpoint"),
            p.getProperty("s3.region"),
            p.getProperty("s3.accessKeyId"),
            p.getProperty("s3.secretAccessKey"),
            Boolean.parseBoolean(p.getProperty("s3.pathStyleAccess")),
            S3Settings.ChecksumMode.valueOf(p.getProperty("s3.checksumMode")),
            Integer.parseInt(p.getProperty("s3.maxAttempts")));
    return new CatalogConfig(
        p.getProperty("catalogUri"),
        p.getProperty("catalogUser"),
        p.getProperty("catalogPassword"),
        p.getProperty("warehouse"),
        s3,
        new WarehouseCacheSettings(
            java.nio.file.Path.of(p.getProperty("warehouseCache.dir")),
            Long.parseLong(p.getProperty("warehouseCache.bytes"))));
  }
}
