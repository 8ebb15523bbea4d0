package dev.sheaf.catalog.media.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies that stall or trickle end in MEDIA_UNAVAILABLE instead of hanging; the address checked is
 * the address connected to (DNS rebinding). Loopback servers, so private addresses are allowed
 * where a test must reach one.
 */
class HttpMediaSafetyTest {
  private static final Duration SHORT = Duration.ofMillis(400);

  @TempDir Path directory;

  /** A loopback server that answers every connection with {@code head}, then {@code body}. */
  private static final class StallingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread thread;

    StallingServer(byte[] head, byte[] body, Duration betweenBodyBytes) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!socket.isClosed()) {
                      try {
                        Socket client = socket.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(client, head, body, betweenBodyBytes));
                      } catch (IOException e) {
                        return;
                      }
                    }
                  });
    }

    private static void serve(Socket client, byte[] head, byte[] body, Duration pause) {
      try (client) {
        InputStream in = client.getInputStream();
        // read the request head
        int matched = 0;
        while (matched < 4) {
          int b = in.read();
          if (b < 0) {
            return;
          }
          matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        OutputStream out = client.getOutputStream();
        out.write(head);
        out.flush();
        for (byte b : body) {
          Thread.sleep(pause);
          out.write(b);
          out.flush();
        }
        Thread.sleep(Duration.ofSeconds(30)); // then stall
      } catch (IOException | InterruptedException e) {
        // the client gave up
      }
    }

    URI uri(String host, String path) {
      return URI.create("http://" + host + ":" + socket.getLocalPort() + path);
    }

    @Override
    public void close() throws IOException {
      socket.close();
      thread.interrupt();
    }
  }

  private static byte[] head(long contentLength) {
    return ("HTTP/1.1 200 OK\r\nContent-Length: " + contentLength + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static HttpMediaSettings loopback(Duration read, Duration body) {
    return HttpMediaSettings.defaults()
        .withAllowPrivateAddresses(true)
        .withTimeouts(SHORT, read, body);
  }

  @Test
  void aBodyThatStallsMidwayIsUnavailable() throws IOException {
    try (StallingServer server = new StallingServer(head(1000), new byte[10], Duration.ZERO);
        HttpMediaStore store = new HttpMediaStore(loopback(SHORT, Duration.ofMinutes(1)));
        MediaStores stores = new MediaStores(MediaConfig.defaults(directory)).register(store)) {
      BlobPin pin = new BlobPin(server.uri("127.0.0.1", "/stalls.bin"), 1000, "", null);
      long start = System.nanoTime();
      try (InputStream body = store.open(pin, ByteRange.ALL)) {
        assertThatThrownBy(body::readAllBytes).isInstanceOf(SocketTimeoutException.class);
      }
      assertThatThrownBy(() -> stores.read(pin, ByteRange.ALL))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void aBodyThatTricklesPastItsDeadlineIsUnavailable() throws IOException {
    try (StallingServer server =
            new StallingServer(head(100), new byte[100], Duration.ofMillis(100));
        HttpMediaStore store =
            new HttpMediaStore(loopback(Duration.ofSeconds(5), Duration.ofMillis(800)));
        MediaStores stores = new MediaStores(MediaConfig.defaults(directory)).register(store)) {
      BlobPin pin = new BlobPin(server.uri("127.0.0.1", "/trickles.bin"), 100, "", null);
      assertThatThrownBy(() -> stores.read(pin, ByteRange.ALL))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE));
    }
  }

  @Test
  void theCheckedAddressIsTheOneConnectedTo() throws IOException {
    // a rebinding name: a public address for the first lookup, loopback for any later one
    AtomicInteger lookups = new AtomicInteger();
    HostResolver rebinding =
        host ->
            new InetAddress[] {
              lookups.getAndIncrement() == 0
                  ? InetAddress.getByName("203.0.113.7") // TEST-NET-3: never answers
                  : InetAddress.getLoopbackAddress()
            };
    try (StallingServer server = new StallingServer(head(0), new byte[0], Duration.ZERO);
        HttpMediaStore store =
            new HttpMediaStore(
                HttpMediaSettings.defaults()
                    .withTimeouts(SHORT, SHORT, Duration.ofSeconds(5))
                    .withResolver(rebinding))) {
      assertThatThrownBy(() -> store.stat(server.uri("rebind.test", "/a.bin")))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE));
      assertThat(lookups).as("resolved once per hop").hasValue(1);
      assertThat(server.connections).as("never reached the loopback server").hasValue(0);
    }
  }

  @Test
  void everyAddressOfANameIsChecked() {
    HostResolver mixed =
        host ->
            new InetAddress[] {
              InetAddress.getByName("203.0.113.7"), InetAddress.getLoopbackAddress()
            };
    try (HttpMediaStore store =
        new HttpMediaStore(HttpMediaSettings.defaults().withResolver(mixed))) {
      assertThatThrownBy(() -> store.stat(URI.create("http://mixed.test/a.bin")))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED))
          .hasMessageContaining("loopback");
    }
  }

  @Test
  void aNameIsReachedThroughTheAddressItResolvedTo() throws IOException {
    try (StaticHttpServer server = new StaticHttpServer();
        HttpMediaStore store =
            new HttpMediaStore(
                HttpMediaSettings.defaults()
                    .withAllowPrivateAddresses(true)
                    .withResolver(host -> new InetAddress[] {InetAddress.getLoopbackAddress()}))) {
      server.put("/named.bin", new byte[] {7, 8, 9});
      URI named =
          URI.create(server.uri("/named.bin").toString().replace("127.0.0.1", "media.test"));
      BlobPin pin = store.stat(named).pin();
      try (InputStream in = store.open(pin, ByteRange.ALL)) {
        assertThat(in.readAllBytes()).containsExactly(7, 8, 9);
      }
    }
  }
}
