package dev.sheaf.catalog.media.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3MediaProfileTest {
  private static final URI B2 = URI.create("https://s3.us-west-004.backblazeb2.com");

  @Test
  void bucketPatternsMatchWithWildcards() {
    S3MediaProfile profile =
        S3MediaProfile.of("b2", B2, "us-west-004", null, null)
            .withBucketPatterns(List.of("photos-*", "exact"));
    assertThat(profile.serves("photos-2024")).isTrue();
    assertThat(profile.serves("exact")).isTrue();
    assertThat(profile.serves("exactly")).isFalse();
    assertThat(profile.serves("my-photos-2024")).isFalse();
    assertThat(S3MediaProfile.of("all", B2, "us-west-004", null, null).serves("x.y")).isTrue();
  }

  @Test
  void toStringHidesCredentials() {
    S3MediaProfile profile = S3MediaProfile.of("b2", B2, "us-west-004", "KEYID123", "SECRET456");
    assertThat(profile.toString())
        .contains("b2", "us-west-004")
        .doesNotContain("KEYID123")
        .doesNotContain("SECRET456");
  }

  @Test
  void invalidProfilesFailWithConfigurationErrors() {
    assertThatThrownBy(() -> S3MediaProfile.of("b2", B2, "us-west-004", "KEYID123", null))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
        .hasMessageNotContaining("KEYID123");
    assertThatThrownBy(
            () -> S3MediaProfile.of("b2", URI.create("ftp://host"), "us-west-004", null, null))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("ftp://host");
    assertThatThrownBy(
            () -> S3MediaProfile.of("b2", B2, "us-west-004", null, null).withMaxAttempts(0))
        .isInstanceOf(SheafException.class);
  }

  @Test
  void b2ProfilesCarryB2SafeSettings() {
    S3MediaProfile b2 = S3MediaProfile.b2("b2", "us-west-004", "KEYID123", "SECRET456");
    assertThat(b2.kind()).isEqualTo(S3MediaProfile.Kind.B2);
    assertThat(b2.endpoint()).isEqualTo(B2);
    assertThat(b2.pathStyle()).isTrue();
    assertThat(b2.maxAttempts()).isEqualTo(S3MediaProfile.B2_MAX_ATTEMPTS);
    assertThat(b2.toString()).contains("kind=B2").doesNotContain("SECRET456");
    assertThatThrownBy(() -> b2.withPathStyle(false))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("path-style");
    assertThatThrownBy(() -> S3MediaProfile.b2("b2", "us west", null, null))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("us-west-004");
    assertThat(S3MediaProfile.Kind.parse("B2", "p")).isEqualTo(S3MediaProfile.Kind.B2);
    assertThatThrownBy(() -> S3MediaProfile.Kind.parse("gcs", "p"))
        .hasMessageContaining("give s3 or b2");
  }
}
