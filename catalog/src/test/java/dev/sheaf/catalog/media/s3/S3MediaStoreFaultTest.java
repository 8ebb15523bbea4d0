package dev.sheaf.catalog.media.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.testing.FaultyProxy;
import dev.sheaf.testing.FaultyProxy.Fault;
import dev.sheaf.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retries, exhausted retries, broken bodies and credentials, through a fault-injecting proxy. */
class S3MediaStoreFaultTest {
  private static final String KEY = "faults/object.bin";
  private static final byte[] BYTES = new byte[200_000];

  private static FaultyProxy proxy;
  private static S3MediaStore store;
  private static BlobPin pin;

  @BeforeAll
  static void start() {
    S3TestServer s3 = SharedS3Server.get();
    proxy = FaultyProxy.start(s3.endpoint());
    store = new S3MediaStore(List.of(SharedS3Server.profile(proxy.endpoint(), 4)));
    for (int i = 0; i < BYTES.length; i++) {
      BYTES[i] = (byte) (i % 251);
    }
    // seeded directly: the proxy forwards Content-Length bodies only, and uploads stream theirs
    try (S3MediaStore direct =
        new S3MediaStore(List.of(SharedS3Server.profile(s3.endpoint(), 1)))) {
      pin =
          direct
              .write(SharedS3Server.uri(KEY), new ByteArrayInputStream(BYTES), BYTES.length, null)
              .pin();
    }
  }

  @AfterAll
  static void stop() {
    store.close();
    proxy.close();
  }

  private static long heads() {
    return proxy.count("HEAD", "/" + SharedS3Server.get().bucket() + "/" + KEY);
  }

  private static long gets() {
    return proxy.count("GET", "/" + SharedS3Server.get().bucket() + "/" + KEY);
  }

  @Test
  void slowDownIsRetried() {
    long before = heads();
    proxy.failNext(2, Fault.SLOW_DOWN);
    assertThat(store.stat(pin.uri()).size()).isEqualTo(BYTES.length);
    assertThat(heads() - before).isEqualTo(3);
  }

  @Test
  void connectionResetIsRetried() throws IOException {
    long before = gets();
    proxy.failNext(2, Fault.RESET);
    try (InputStream in = store.open(pin, ByteRange.ALL)) {
      assertThat(in.readAllBytes()).isEqualTo(BYTES);
    }
    assertThat(gets() - before).isEqualTo(3);
  }

  @Test
  void slowBodyStillArrivesWhole() throws IOException {
    proxy.failNext(1, Fault.SLOW);
    try (InputStream in = store.open(pin, new ByteRange(1000, 50_000))) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(BYTES, 1000, 51_000));
    }
  }

  @Test
  void exhaustedRetriesAreUnavailable() {
    long before = heads();
    proxy.failNext(10, Fault.SLOW_DOWN);
    try {
      assertThatThrownBy(() -> store.stat(pin.uri()))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE))
          .hasMessageContaining("after 4 attempts")
          .hasMessageContaining("SlowDown")
          .hasMessageContaining("s3://sheaf/" + KEY);
      assertThat(heads() - before).isEqualTo(4);
    } finally {
      proxy.failNext(0, Fault.NONE);
    }
  }

  @Test
  void truncatedBodyFailsTheRead() {
    proxy.failNext(1, Fault.TRUNCATE);
    assertThatThrownBy(
            () -> {
              try (InputStream in = store.open(pin, ByteRange.ALL)) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void wrongCredentialsAreAccessDeniedWithoutTheKey() {
    S3TestServer s3 = SharedS3Server.get();
    S3MediaProfile wrong =
        new S3MediaProfile(
            "wrong",
            S3MediaProfile.Kind.S3,
            s3.endpoint(),
            s3.region(),
            "AKIDWRONGKEY",
            "wrong-secret-value",
            true,
            List.of("*"),
            2);
    try (S3MediaStore denied = new S3MediaStore(List.of(wrong))) {
      assertThatThrownBy(() -> denied.stat(pin.uri()))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED))
          .hasMessageContaining("s3://sheaf/" + KEY)
          .hasMessageContaining("'wrong'")
          .hasMessageNotContaining("AKIDWRONGKEY")
          .hasMessageNotContaining("wrong-secret-value");
    }
  }

  @Test
  void bucketWithoutProfileIsAccessDenied() {
    URI other = URI.create("s3://other-bucket/a.jpg");
    assertThat(store.serves(other)).isFalse();
    assertThat(store.serves(pin.uri())).isTrue();
    assertThatThrownBy(() -> store.stat(other))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED))
        .hasMessageContaining("other-bucket");
  }
}
