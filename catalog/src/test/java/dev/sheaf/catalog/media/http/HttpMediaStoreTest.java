package dev.sheaf.catalog.media.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The address guard, redirects and what is specific to http. */
class HttpMediaStoreTest {
  private static StaticHttpServer server;

  @BeforeAll
  static void start() {
    server = new StaticHttpServer();
    server.put("/a.bin", new byte[] {1, 2, 3, 4, 5});
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpMediaStore store(HttpMediaSettings settings) {
    return new HttpMediaStore(settings);
  }

  @Test
  void defaultSettingsRefuseLoopbackAndMetadataAddresses() {
    try (HttpMediaStore store = store(HttpMediaSettings.defaults())) {
      assertThatThrownBy(() -> store.stat(server.uri("/a.bin")))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED))
          .hasMessageContaining("127.0.0.1")
          .hasMessageContaining("loopback");
      assertThatThrownBy(() -> store.stat(URI.create("http://169.254.169.254/latest/meta-data/")))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED))
          .hasMessageContaining("metadata");
    }
  }

  @Test
  void policyClassifiesPrivateRanges() throws IOException {
    NetworkAddressPolicy strict = new NetworkAddressPolicy(false);
    NetworkAddressPolicy open = new NetworkAddressPolicy(true);
    for (String refused :
        new String[] {
          "127.0.0.1",
          "10.1.2.3",
          "172.16.0.1",
          "172.31.255.255",
          "192.168.1.1",
          "100.64.0.1",
          "0.0.0.0",
          "224.0.0.1",
          "::1",
          "fc00::1",
          "fd12::1",
          "::"
        }) {
      InetAddress address = InetAddress.getByName(refused);
      assertThat(strict.refusal(address)).as(refused).isPresent();
      assertThat(open.refusal(address)).as(refused).isEmpty();
    }
    for (String allowed : new String[] {"8.8.8.8", "172.32.0.1", "2001:db8::1", "100.128.0.1"}) {
      assertThat(strict.refusal(InetAddress.getByName(allowed))).as(allowed).isEmpty();
    }
    // link-local and cloud metadata addresses, in every IPv6 disguise, whatever the settings
    for (String never :
        new String[] {
          "169.254.169.254",
          "169.254.1.1",
          "fe80::1",
          "fd00:ec2::254",
          "168.63.129.16",
          "100.100.100.200",
          "192.0.0.192",
          "::ffff:169.254.169.254",
          "::169.254.169.254",
          "64:ff9b::a9fe:a9fe",
          "64:ff9b::a83f:8110",
          "2002:a9fe:a9fe::1",
          "::ffff:100.100.100.200"
        }) {
      assertThat(open.refusal(InetAddress.getByName(never))).as(never).isPresent();
      assertThat(strict.refusal(InetAddress.getByName(never))).as(never).isPresent();
    }
    for (String hidden : new String[] {"64:ff9b::7f00:1", "2002:0a00:0001::", "::10.0.0.1"}) {
      assertThat(strict.refusal(InetAddress.getByName(hidden))).as(hidden).isPresent();
      assertThat(open.refusal(InetAddress.getByName(hidden))).as(hidden).isEmpty();
    }
    assertThat(strict.refusal(InetAddress.getByName("64:ff9b::808:808"))).isEmpty();
    assertThat(strict.refusal(InetAddress.getByName("2606:4700::1111"))).isEmpty();
  }

  @Test
  void redirectsAreFollowedUpToTheLimit() throws IOException {
    HttpMediaSettings settings =
        HttpMediaSettings.defaults().withAllowPrivateAddresses(true).withMaxRedirects(3);
    try (HttpMediaStore store = store(settings)) {
      var info = store.stat(server.uri("/hop/3/a.bin"));
      assertThat(info.size()).isEqualTo(5);
      try (InputStream in = store.open(info.pin(), new ByteRange(1, 2))) {
        assertThat(in.readAllBytes()).containsExactly(2, 3);
      }
      assertThatThrownBy(() -> store.stat(server.uri("/hop/4/a.bin")))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE))
          .hasMessageContaining("more than 3 redirects");
    }
  }

  @Test
  void everyRedirectHopIsChecked() {
    try (HttpMediaStore store =
        store(HttpMediaSettings.defaults().withAllowPrivateAddresses(true))) {
      assertThatThrownBy(() -> store.stat(server.uri("/to?http://169.254.169.254/latest/")))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED));
      assertThatThrownBy(() -> store.stat(server.uri("/to?file:///etc/passwd")))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED));
    }
  }

  @Test
  void messagesDropQueryStrings() {
    try (HttpMediaStore store =
        store(HttpMediaSettings.defaults().withAllowPrivateAddresses(true))) {
      assertThatThrownBy(() -> store.stat(server.uri("/missing.bin?X-Amz-Signature=secret123")))
          .isInstanceOfSatisfying(
              SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_NOT_FOUND))
          .hasMessageNotContaining("secret123");
    }
  }

  @Test
  void presignIsTheUrlItself() {
    try (HttpMediaStore store =
        store(HttpMediaSettings.defaults().withAllowPrivateAddresses(true))) {
      var pin = store.stat(server.uri("/a.bin")).pin();
      assertThat(store.presign(pin, java.time.Duration.ofMinutes(1))).contains(pin.uri());
    }
  }
}
