package dev.sheaf.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A loopback S3-compatible server for tests and local development: S3Proxy (its standalone jar,
 * which the testing module's build copies next to its classes) over a directory, in its own JVM
 * process, on an ephemeral 127.0.0.1 port, with one bucket ({@value #BUCKET}) and fixed
 * credentials. Requests are signed (AWS Signature V2 or V4), as against a real store.
 *
 * <p>{@code main} runs one as a sandbox: {@code java -cp testing/target/classes
 * dev.sheaf.testing.S3TestServer [DIR]} prints the settings {@code sheaf serve} needs.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String BUCKET = "sheaf";
  public static final String REGION = "us-east-1";
  public static final String ACCESS_KEY_ID = "sheaf-test";
  public static final String SECRET_ACCESS_KEY = "sheaf-test-secret";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path root;
  private final boolean ownsRoot;
  private final int port;
  private final Thread shutdownHook;

  private S3TestServer(Process process, Path root, boolean ownsRoot, int port) {
    this.process = process;
    this.root = root;
    this.ownsRoot = ownsRoot;
    this.port = port;
    this.shutdownHook = new Thread(process::destroyForcibly, "s3-test-server-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a server over a new temporary directory, deleted on close. */
  public static S3TestServer start() {
    try {
      return start(Files.createTempDirectory("sheaf-s3-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a server over {@code directory} (objects under {@code data/}), kept on close. */
  public static S3TestServer start(Path directory) {
    return start(directory, false);
  }

  private static S3TestServer start(Path root, boolean ownsRoot) {
    Path jar = s3ProxyJar();
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = freePort();
      try {
        Process process = launch(jar, root, port);
        try {
          awaitReady(process, port, root.resolve("s3proxy.log"));
        } catch (RuntimeException e) {
          process.destroyForcibly();
          throw e;
        }
        return new S3TestServer(process, root, ownsRoot, port);
      } catch (IllegalStateException e) {
        // most likely another process took the port between freePort() and S3Proxy's bind
        failure = e;
      }
    }
    throw failure;
  }

  /** The endpoint for S3 clients (path-style addressing). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  public String bucket() {
    return BUCKET;
  }

  public String region() {
    return REGION;
  }

  public String accessKeyId() {
    return ACCESS_KEY_ID;
  }

  public String secretAccessKey() {
    return SECRET_ACCESS_KEY;
  }

  /** {@code s3://sheaf/<prefix>}. */
  public String location(String prefix) {
    return "s3://" + BUCKET + "/" + prefix;
  }

  /** The directory the server keeps its objects in ({@code <bucket>/<key>} below it). */
  public Path dataDirectory() {
    return root.resolve("data");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down; the hook runs anyway
    }
    if (ownsRoot) {
      deleteTree(root);
    }
  }

  private static Process launch(Path jar, Path root, int port) {
    try {
      Files.createDirectories(root.resolve("data").resolve(BUCKET));
      Properties properties = new Properties();
      properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
      properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      properties.setProperty("s3proxy.identity", ACCESS_KEY_ID);
      properties.setProperty("s3proxy.credential", SECRET_ACCESS_KEY);
      properties.setProperty("jclouds.provider", "filesystem-nio2");
      properties.setProperty("jclouds.identity", "local");
      properties.setProperty("jclouds.credential", "local");
      properties.setProperty(
          "jclouds.filesystem.basedir", root.resolve("data").toAbsolutePath().toString());
      Path file = root.resolve("s3proxy.properties");
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        properties.store(writer, "S3TestServer");
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
              java,
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "--sun-misc-unsafe-memory-access=allow",
              "-jar",
              jar.toString(),
              "--properties",
              file.toString());
      builder.environment().put("LOG_LEVEL", "warn");
      builder.redirectErrorStream(true);
      builder.redirectOutput(root.resolve("s3proxy.log").toFile());
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start S3Proxy from " + jar, e);
    }
  }

  /** Waits until the server answers HTTP, or fails with its log when it exits or takes too long. */
  private static void awaitReady(Process process, int port, Path log) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited with " + process.exitValue() + " while starting: " + tail(log));
      }
      try {
        client.send(request, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (ConnectException e) {
        // not listening yet
      } catch (IOException e) {
        // the connector is up but the handler is not: try again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while S3Proxy was starting", e);
      }
      try {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while S3Proxy was starting", e);
      }
    }
    throw new IllegalStateException(
        "S3Proxy did not answer on port " + port + " within " + START_TIMEOUT + ": " + tail(log));
  }

  private static Path s3ProxyJar() {
    String override = System.getProperty("sheaf.s3proxy.jar");
    Path jar;
    if (override != null) {
      jar = Path.of(override);
    } else {
      Properties properties = new Properties();
      try (InputStream in = S3TestServer.class.getResourceAsStream("s3proxy.properties")) {
        if (in == null) {
          throw new IllegalStateException("Cannot find s3proxy.properties next to S3TestServer");
        }
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      jar = Path.of(properties.getProperty("jar"));
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Cannot start the loopback S3 server: S3Proxy jar "
              + jar
              + " is missing (build the testing module: mvn -pl testing generate-resources, or"
              + " set -Dsheaf.s3proxy.jar)");
    }
    return jar;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a server until interrupted: {@code S3TestServer [DIR]} keeps objects in DIR. */
  public static void main(String[] args) throws InterruptedException {
    S3TestServer server = args.length > 0 ? start(Path.of(args[0])) : start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3-test-server-close"));
    System.out.println(
        "S3-compatible server on " + server.endpoint() + ", objects in " + server.root);
    System.out.println("  SHEAF_WAREHOUSE=" + server.location("warehouse"));
    System.out.println("  SHEAF_S3_ENDPOINT=" + server.endpoint());
    System.out.println("  SHEAF_S3_REGION=" + REGION);
    System.out.println("  SHEAF_S3_ACCESS_KEY_ID=" + ACCESS_KEY_ID);
    System.out.println("  SHEAF_S3_SECRET_ACCESS_KEY=" + SECRET_ACCESS_KEY);
    System.out.println("  SHEAF_S3_PATH_STYLE=true");
    server.process.waitFor();
  }
}
