package dev.sheaf.catalog.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceProfilesTest {
  private final SourceProfiles profiles =
      new SourceProfiles(
          Map.of(
              "SHEAF_SOURCE_LABELS_DB_USER", "reader",
              "SHEAF_SOURCE_LABELS_DB_PASSWORD", "hunter2"));

  @Test
  void readsAProfileFromTheEnvironmentAndNeverShowsItsPassword() {
    SourceCredentials credentials = profiles.credentials("labels-db");
    assertThat(credentials.user()).isEqualTo("reader");
    assertThat(credentials.password()).isEqualTo("hunter2");
    assertThat(credentials.toString()).doesNotContain("hunter2").contains("reader");
    assertThat(profiles.credentials(null)).isEqualTo(SourceCredentials.NONE);
  }

  @Test
  void aMissingProfileNamesTheVariablesToSet() {
    assertThatThrownBy(() -> profiles.credentials("other"))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
              assertThat(e.getMessage())
                  .contains("SHEAF_SOURCE_OTHER_USER")
                  .doesNotContain("hunter2");
            });
    assertThatThrownBy(() -> SourceProfiles.checkName("bad name!"))
        .isInstanceOf(SheafException.class);
  }

  @Test
  void aPasswordInTheUriIsRefused() {
    assertThatThrownBy(
            () ->
                SourceReaders.check(
                    new SourceDefinition(
                        "s", "postgresql://me:hunter2@db/labels", "labels", null, 0)))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    SourceReaders.check(new SourceDefinition("s", "file:///data/*.parquet", null, null, 0));
    assertThatThrownBy(
            () -> SourceReaders.check(new SourceDefinition("s", "file:///data/", null, null, 0)))
        .isInstanceOf(SheafException.class);
  }

  @Test
  void settingsComeBeforeTheEnvironment() {
    SourceProfiles configured =
        new SourceProfiles(
            Map.of(
                "source.labels-db.user", "configured",
                "source.labels-db.password-env", "LABELS_SECRET"),
            Map.of(
                "LABELS_SECRET", "from-variable",
                "SHEAF_SOURCE_LABELS_DB_USER", "ignored",
                "SHEAF_SOURCE_LABELS_DB_PASSWORD", "ignored too"));
    assertThat(configured.credentials("labels-db"))
        .isEqualTo(new SourceCredentials("configured", "from-variable"));
    assertThat(SourceProfiles.isSettingKey("source.labels-db.password", "the file")).isTrue();
    assertThat(SourceProfiles.isSettingKey("media-s3.x.region", "the file")).isFalse();
    assertThatThrownBy(() -> SourceProfiles.isSettingKey("source.labels-db.token", "the file"))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    assertThat(SourceProfiles.settingsOf(Map.of("source.a.user", "u", "port", "1")))
        .containsOnlyKeys("source.a.user");
  }
}
