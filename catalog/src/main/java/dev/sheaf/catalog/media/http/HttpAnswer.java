package dev.sheaf.catalog.media.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;

/**
 * A response's status, headers and body (empty for HEAD); the receiver closes the body, which
 * closes the connection.
 */
record HttpAnswer(int statusCode, HttpHeaders headers, InputStream body) {
  HttpAnswer {
    requireNonNull(headers, "headers is null");
    requireNonNull(body, "body is null");
  }

  /** Drops the body and its connection. */
  void discard() {
    try {
      body.close();
    } catch (IOException e) {
      // the connection is dropped either way
    }
  }
}
