package dev.sheaf.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP/1.1 proxy in front of a test server (such as {@link S3TestServer}) that injects
 * faults into the next requests: answer {@code 503 SlowDown}, reset the connection, cut a response
 * body in half, or send it slowly. Each client connection carries one request, forwarded on a fresh
 * upstream connection, and both answers say {@code Connection: close}; requests are counted (method
 * and path) for tests that assert how many reached the server.
 */
public final class FaultyProxy implements AutoCloseable {
  /** What the proxy does to a request. */
  public enum Fault {
    /** Forward unchanged. */
    NONE,
    /** Answer 503 with an S3 {@code SlowDown} error, without forwarding. */
    SLOW_DOWN,
    /** Close the connection with a TCP reset after reading the request, without forwarding. */
    RESET,
    /** Forward, then send the response head and half of its body, and close. */
    TRUNCATE,
    /** Forward, sending the response in small pieces with pauses. */
    SLOW
  }

  private final ServerSocket server;
  private final URI target;
  private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
  private final List<String> requests = new ArrayList<>();
  private Fault fault = Fault.NONE;
  private int faultsLeft;
  private java.util.Random random;
  private double slowDownRate;
  private double resetRate;
  private long injected;

  private FaultyProxy(ServerSocket server, URI target) {
    this.server = server;
    this.target = target;
  }

  /** Starts a proxy on an ephemeral 127.0.0.1 port forwarding to {@code target} (http only). */
  public static FaultyProxy start(URI target) {
    try {
      ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      FaultyProxy proxy = new FaultyProxy(server, target);
      Thread.ofVirtual().name("faulty-proxy-accept").start(proxy::accept);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where clients connect instead of the target. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Applies {@code fault} to the next {@code count} requests, then forwards unchanged again. */
  public synchronized void failNext(int count, Fault fault) {
    this.fault = fault;
    this.faultsLeft = count;
  }

  /**
   * From now on answers each request 503 SlowDown with probability {@code slowDownRate} and resets
   * its connection with probability {@code resetRate}, drawn from a seeded generator; rates of 0
   * end it.
   */
  public synchronized void failRandomly(double slowDownRate, double resetRate, long seed) {
    this.random = new java.util.Random(seed);
    this.slowDownRate = slowDownRate;
    this.resetRate = resetRate;
  }

  /** How many requests so far got a fault (counted ones and random ones). */
  public synchronized long faultsInjected() {
    return injected;
  }

  /** Every request seen so far, as {@code METHOD /path?query}. */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** How many requests so far had this method and a path starting with {@code pathPrefix}. */
  public synchronized long count(String method, String pathPrefix) {
    return requests.stream().filter(r -> r.startsWith(method + " " + pathPrefix)).count();
  }

  private synchronized Fault take(String requestLine) {
    requests.add(requestLine);
    if (faultsLeft > 0) {
      faultsLeft--;
      injected++;
      return fault;
    }
    if (random != null) {
      double draw = random.nextDouble();
      if (draw < slowDownRate) {
        injected++;
        return Fault.SLOW_DOWN;
      }
      if (draw < slowDownRate + resetRate) {
        injected++;
        return Fault.RESET;
      }
    }
    return Fault.NONE;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      HttpMessage request = HttpMessage.read(in, out);
      if (request == null) {
        return;
      }
      String line = request.startLine();
      Fault action = take(line.substring(0, line.lastIndexOf(' ')));
      switch (action) {
        case RESET -> client.setSoLinger(true, 0);
        case SLOW_DOWN -> slowDown(line.startsWith("HEAD "), out);
        case TRUNCATE -> {
          forward(request, action, out);
          client.setSoLinger(true, 0);
        }
        default -> forward(request, action, out);
      }
    } catch (IOException e) {
      // the client or the target broke the connection: the client sees it
    }
  }

  private static void slowDown(boolean head, OutputStream out) throws IOException {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                + "<Message>Please reduce your request rate.</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nConnection: close"
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private void forward(HttpMessage request, Fault action, OutputStream out) throws IOException {
    try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
      OutputStream up = upstream.getOutputStream();
      up.write(request.withHeader("Expect", null).withHeader("Connection", "close").bytes());
      up.flush();
      HttpMessage response = HttpMessage.read(upstream.getInputStream(), null);
      if (response == null) {
        throw new IOException("the target closed the connection without answering");
      }
      // one request per client connection: a body delimited by the upstream's close ends here too
      byte[] bytes = response.withHeader("Connection", "close").bytes();
      if (action == Fault.TRUNCATE) {
        int cut = response.headLength() + response.body().length / 2;
        out.write(bytes, 0, cut);
      } else if (action == Fault.SLOW) {
        for (int i = 0; i < bytes.length; i += 1024) {
          out.write(bytes, i, Math.min(1024, bytes.length - i));
          out.flush();
          pause();
        }
      } else {
        out.write(bytes);
      }
      out.flush();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    connections.shutdownNow();
  }

  /**
   * An HTTP/1.1 message. Requests need a Content-Length body (or none): chunked uploads are not
   * supported. Responses are read to the end of the connection when they have no Content-Length.
   */
  private record HttpMessage(String startLine, List<String> headers, byte[] body) {
    /** Reads one message; {@code continueTo} gets "100 Continue" when a request expects it. */
    static HttpMessage read(InputStream in, OutputStream continueTo) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          if (head.size() == 0) {
            return null;
          }
          throw new IOException("the connection closed inside a message head");
        }
        head.write(b);
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
      long length = -1;
      boolean expectContinue = false;
      boolean chunked = false;
      for (String header : headers) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(header.substring(header.indexOf(':') + 1).trim());
        }
        expectContinue |= lower.startsWith("expect:") && lower.contains("100-continue");
        chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
      }
      if (expectContinue && continueTo != null) {
        continueTo.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        continueTo.flush();
      }
      boolean response = lines[0].startsWith("HTTP/");
      byte[] body;
      if (response && isNoBody(lines[0])) {
        body = new byte[0];
      } else if (length >= 0) {
        body = in.readNBytes((int) length);
      } else if (chunked) {
        body = readChunks(in);
      } else {
        // a request without Content-Length has no body; a response without one (chunked) lasts
        // until the upstream closes, which Connection: close makes it do
        body = response ? in.readAllBytes() : new byte[0];
      }
      return new HttpMessage(lines[0], headers, body);
    }

    /** A chunked body as it was sent (chunk sizes, chunks, the last chunk and trailers). */
    private static byte[] readChunks(InputStream in) throws IOException {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine(in, raw);
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          while (!readLine(in, raw).isEmpty()) {
            // trailers
          }
          return raw.toByteArray();
        }
        raw.write(in.readNBytes(size));
        readLine(in, raw);
      }
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        raw.write(b);
        if (b == '\n') {
          break;
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      if (b < 0) {
        throw new IOException("the connection closed inside a chunked body");
      }
      return line.toString();
    }

    private static boolean isNoBody(String statusLine) {
      String[] parts = statusLine.split(" ");
      return parts.length > 1 && (parts[1].equals("204") || parts[1].equals("304"));
    }

    HttpMessage withHeader(String name, String value) {
      List<String> copy = new ArrayList<>();
      for (String header : headers) {
        if (!header.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          copy.add(header);
        }
      }
      if (value != null) {
        copy.add(name + ": " + value);
      }
      return new HttpMessage(startLine, copy, body);
    }

    int headLength() {
      return head().length;
    }

    private byte[] head() {
      return (startLine + "\r\n" + String.join("\r\n", headers) + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1);
    }

    byte[] bytes() {
      byte[] head = head();
      byte[] all = new byte[head.length + body.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(body, 0, all, head.length, body.length);
      return all;
    }
  }
}
