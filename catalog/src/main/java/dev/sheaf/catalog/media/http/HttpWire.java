package dev.sheaf.catalog.media.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 exchange on a connection to an address the caller has already checked: the socket
 * connects to that {@link InetAddress} (the name is never resolved again), while the Host header,
 * TLS server name (SNI) and certificate check use the URL's host name. {@code Connection: close},
 * no pooling; bodies by Content-Length, chunked, or up to the end of the connection. Every read
 * waits at most the read timeout and the exchange ends at the body deadline ({@link
 * DeadlineStream}).
 */
final class HttpWire {
  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;

  private HttpWire() {}

  /** Sends the request to the first of {@code addresses} that accepts a connection. */
  static HttpAnswer exchange(
      String method,
      URI uri,
      List<InetAddress> addresses,
      Map<String, String> headers,
      HttpMediaSettings settings)
      throws IOException {
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
    long deadline = System.nanoTime() + settings.bodyTimeout().toNanos();
    Socket socket = connect(addresses, port, settings);
    try {
      if (tls) {
        socket = secure(socket, uri.getHost(), port);
      }
      DeadlineStream in =
          new DeadlineStream(
              socket,
              new BufferedInputStream(socket.getInputStream()),
              settings.readTimeout().toMillis(),
              deadline);
      OutputStream out = socket.getOutputStream();
      out.write(request(method, uri, port, tls, headers).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return answer(method, in);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Socket connect(List<InetAddress> addresses, int port, HttpMediaSettings settings)
      throws IOException {
    IOException failure = null;
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        socket.connect(
            new InetSocketAddress(address, port), (int) settings.connectTimeout().toMillis());
        return socket;
      } catch (IOException e) {
        socket.close();
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure == null ? new IOException("the host has no address") : failure;
  }

  private static Socket secure(Socket plain, String host, int port) throws IOException {
    SSLSocket socket =
        (SSLSocket)
            ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!host.isEmpty() && Character.isLetter(host.charAt(host.length() - 1))) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  private static String request(
      String method, URI uri, int port, boolean tls, Map<String, String> headers) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    boolean defaultPort = port == (tls ? 443 : 80);
    String host =
        uri.getHost().contains(":") && !uri.getHost().startsWith("[")
            ? "[" + uri.getHost() + "]"
            : uri.getHost();
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n");
    request.append("Connection: close\r\nAccept-Encoding: identity\r\nUser-Agent: sheaf\r\n");
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    return request.append("\r\n").toString();
  }

  private static HttpAnswer answer(String method, InputStream in) throws IOException {
    String status = readLine(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("the server did not answer in HTTP/1.x");
    }
    int code;
    try {
      code = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("the server sent a status that is not a number");
    }
    Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int count = 0; ; count++) {
      String line = readLine(in);
      if (line.isEmpty()) {
        break;
      }
      if (count >= MAX_HEADERS) {
        throw new IOException("the server sent more than " + MAX_HEADERS + " header fields");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields
            .computeIfAbsent(line.substring(0, colon).trim(), name -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
    }
    HttpHeaders headers = HttpHeaders.of(fields, (name, value) -> true);
    return new HttpAnswer(code, headers, body(method, code, headers, in));
  }

  private static InputStream body(String method, int code, HttpHeaders headers, InputStream in)
      throws IOException {
    if (method.equals("HEAD") || code == 204 || code == 304 || (code >= 100 && code < 200)) {
      in.close();
      return InputStream.nullInputStream();
    }
    if (headers
        .firstValue("Transfer-Encoding")
        .map(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))
        .orElse(false)) {
      return new ChunkedStream(in);
    }
    if (headers.firstValueAsLong("Content-Length").isPresent()) {
      return new ExactStream(in, headers.firstValueAsLong("Content-Length").getAsLong());
    }
    return in;
  }

  /** A CRLF- (or LF-) terminated line in ISO-8859-1, without its end. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed in the middle of the response head");
      }
      if (b == '\n') {
        break;
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("the server sent a line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }
}
