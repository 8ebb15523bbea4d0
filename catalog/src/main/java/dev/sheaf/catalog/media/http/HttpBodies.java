package dev.sheaf.catalog.media.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** Response bodies the store does not hand out are closed at once. */
final class HttpBodies {
  private HttpBodies() {}

  static void discard(HttpResponse<?> response) {
    if (response.body() instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException e) {
        // the connection is dropped either way
      }
    }
  }
}
