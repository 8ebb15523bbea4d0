package dev.sheaf.catalog.media.s3;

import dev.sheaf.testing.S3TestServer;
import java.net.URI;
import java.util.List;

/**
 * One loopback S3 server (S3Proxy) for all media tests in this JVM, started on first use; its
 * process ends with the JVM (S3TestServer's shutdown hook).
 */
public final class SharedS3Server {
  private static S3TestServer server;

  private SharedS3Server() {}

  public static synchronized S3TestServer get() {
    if (server == null) {
      server = S3TestServer.start();
    }
    return server;
  }

  /** A profile for the loopback server at {@code endpoint} (the server's, or a proxy's). */
  public static S3MediaProfile profile(URI endpoint, int maxAttempts) {
    S3TestServer s3 = get();
    return new S3MediaProfile(
        "loopback",
        S3MediaProfile.Kind.S3,
        endpoint,
        s3.region(),
        s3.accessKeyId(),
        s3.secretAccessKey(),
        true,
        List.of(s3.bucket()),
        maxAttempts);
  }

  public static URI uri(String key) {
    return URI.create("s3://" + get().bucket() + "/" + key);
  }
}
