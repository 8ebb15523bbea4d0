package dev.sheaf.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sheaf.catalog.config.IndexLocation;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.config.S3Settings.ChecksumMode;
import dev.sheaf.catalog.config.WarehouseCacheSettings;
import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerConfigLoaderTest {
  private static final String SECRET = "K005-very-secret-application-key";

  @Test
  void keysArePinned() {
    assertThat(ServerConfigLoader.KEYS)
        .containsExactlyInAnyOrder(
            "host",
            "port",
            "data-dir",
            "catalog-url",
            "catalog-user",
            "catalog-password",
            "warehouse",
            "s3-endpoint",
            "s3-region",
            "s3-access-key-id",
            "s3-secret-access-key",
            "s3-path-style",
            "s3-checksum-mode",
            "s3-max-attempts",
            "warehouse-profile",
            "warehouse-cache-dir",
            "warehouse-cache-bytes",
            "index-location",
            "users",
            "tls-cert",
            "tls-key",
            "allow-anonymous",
            "allow-plaintext",
            "web-enabled",
            "web-host",
            "web-port",
            "memory-budget",
            "executor-threads",
            "max-prepared-statements",
            "prepared-statement-idle",
            "max-message-bytes",
            "kept-result-bytes",
            "kept-result-ttl",
            "token-lifetime",
            "media-roots",
            "media-allow-private-addresses",
            "media-cache-dir",
            "media-cache-bytes",
            "media-destination",
            "media-validation",
            "media-s3-endpoint",
            "media-s3-region",
            "media-s3-access-key",
            "media-s3-secret-key",
            "media-s3-path-style",
            "media-s3-buckets",
            "media-s3-profiles");
  }

  @Test
  void defaults() {
    ServerConfig config = ServerConfigLoader.build(Map.of());
    assertThat(config)
        .isEqualTo(
            new ServerConfig(
                "127.0.0.1",
                31337,
                Path.of("sheaf-data"),
                null,
                null,
                null,
                null,
                new S3Settings(null, "us-east-1", null, null, false, ChecksumMode.WHEN_REQUIRED, 5),
                false,
                false,
                null,
                null,
                null,
                new ServerLimits(
                    Long.MAX_VALUE,
                    0,
                    10_000,
                    Duration.ofHours(1),
                    256 << 20,
                    4L << 30,
                    Duration.ofHours(1),
                    Duration.ofHours(8)),
                MediaConfig.defaults(Path.of("sheaf-data")),
                new WarehouseCacheSettings(Path.of("sheaf-data/warehouse-cache"), 10L << 30),
                IndexLocation.LOCAL,
                new WebSettings(true, "127.0.0.1", 31338),
                Map.of()));

    assertThat(config.limits()).isEqualTo(ServerLimits.defaults());
    assertThat(config.catalog().isS3Warehouse()).isFalse();
    assertThat(config.catalog().s3()).isEqualTo(S3Settings.defaults());
  }

  @Test
  void webSettings() {
    assertThat(ServerConfigLoader.build(Map.of()).web())
        .isEqualTo(new WebSettings(true, "127.0.0.1", 31338));
    // beside a Flight port of its own, the pages take an ephemeral port unless told one
    assertThat(ServerConfigLoader.build(Map.of("port", "0")).web().port()).isZero();
    assertThat(ServerConfigLoader.build(Map.of("port", "4000", "host", "0.0.0.0")).web())
        .isEqualTo(new WebSettings(true, "0.0.0.0", 0));
    assertThat(
            ServerConfigLoader.build(
                    Map.of("web-enabled", "false", "web-host", "::1", "web-port", "8080"))
                .web())
        .isEqualTo(new WebSettings(false, "::1", 8080));
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("web-port", "http")))
        .hasMessageContaining("web-port");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("web-port", "70000")))
        .hasMessageContaining("web-port");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("web-enabled", "maybe")))
        .hasMessageContaining("web-enabled");
  }

  @Test
  void mediaDefaults() {
    MediaConfig media = ServerConfigLoader.build(Map.of("data-dir", "/srv/sheaf")).media();
    assertThat(media.fileRoots()).containsExactly(Path.of("/srv/sheaf"));
    assertThat(media.allowPrivateAddresses()).isFalse();
    assertThat(media.cacheDirectory()).isEqualTo(Path.of("/srv/sheaf/media-cache"));
    assertThat(media.cacheBytes()).isEqualTo(1L << 30);
    assertThat(media.destination()).isEqualTo(URI.create("file:///srv/sheaf/media/"));
    assertThat(media.validation()).isEqualTo(MediaConfig.Validation.ON_WRITE);
  }

  @Test
  void mediaSettings() {
    MediaConfig media =
        ServerConfigLoader.build(
                Map.of(
                    "data-dir", "/srv/sheaf",
                    "media-roots", "/data/images, /data/audio",
                    "media-allow-private-addresses", "true",
                    "media-cache-dir", "/var/cache/sheaf",
                    "media-cache-bytes", "2g",
                    "media-destination", "s3://bucket/generated",
                    "media-validation", "on_read"))
            .media();
    assertThat(media.fileRoots())
        .containsExactly(Path.of("/srv/sheaf"), Path.of("/data/images"), Path.of("/data/audio"));
    assertThat(media.allowPrivateAddresses()).isTrue();
    assertThat(media.cacheDirectory()).isEqualTo(Path.of("/var/cache/sheaf"));
    assertThat(media.cacheBytes()).isEqualTo(2L << 30);
    assertThat(media.destination()).isEqualTo(URI.create("s3://bucket/generated/"));
    assertThat(media.validation()).isEqualTo(MediaConfig.Validation.ON_READ);
    assertThat(
            ServerConfigLoader.fromEnvironment(
                Map.of("SHEAF_MEDIA_ROOTS", "/x", "SHEAF_MEDIA_CACHE_BYTES", "5")))
        .containsEntry("media-roots", "/x")
        .containsEntry("media-cache-bytes", "5");
    assertThat(
            ServerConfigLoader.build(Map.of("media-destination", "/data/out"))
                .media()
                .destination())
        .isEqualTo(URI.create("file:///data/out/"));
  }

  @Test
  void indexLocationReachesTheCatalog() {
    assertThat(ServerConfigLoader.build(Map.of()).catalog().indexLocation())
        .isEqualTo(IndexLocation.LOCAL);
    assertThat(
            ServerConfigLoader.build(Map.of("index-location", "Warehouse"))
                .catalog()
                .indexLocation())
        .isEqualTo(IndexLocation.WAREHOUSE);
    assertThat(ServerConfigLoader.fromEnvironment(Map.of("SHEAF_INDEX_LOCATION", "warehouse")))
        .containsEntry("index-location", "warehouse");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("index-location", "s3")))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("Cannot use index-location 's3': give local or warehouse")
        .satisfies(
            e ->
                assertThat(((SheafException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
  }

  @Test
  void warehouseCacheSettingsReachTheCatalog() {
    assertThat(
            ServerConfigLoader.build(Map.of("data-dir", "/srv/sheaf")).catalog().warehouseCache())
        .isEqualTo(new WarehouseCacheSettings(Path.of("/srv/sheaf/warehouse-cache"), 10L << 30));
    ServerConfig config =
        ServerConfigLoader.build(
            Map.of(
                "warehouse", "s3://training-data/sheaf",
                "warehouse-cache-dir", "/var/cache/sheaf-warehouse",
                "warehouse-cache-bytes", "200g"));
    assertThat(config.catalog().warehouseCache())
        .isEqualTo(new WarehouseCacheSettings(Path.of("/var/cache/sheaf-warehouse"), 200L << 30));
    assertThat(
            ServerConfigLoader.fromEnvironment(
                Map.of("SHEAF_WAREHOUSE_CACHE_DIR", "/x", "SHEAF_WAREHOUSE_CACHE_BYTES", "5")))
        .containsEntry("warehouse-cache-dir", "/x")
        .containsEntry("warehouse-cache-bytes", "5");
    // an empty boolean (`allow-anonymous =` in a file) is not taken as a yes
    for (String flag : List.of("allow-anonymous", "media-allow-private-addresses")) {
      assertThatThrownBy(() -> ServerConfigLoader.build(Map.of(flag, "")))
          .isInstanceOf(SheafException.class)
          .hasMessageContaining(flag)
          .hasMessageContaining("give true or false");
    }
    for (String bad : List.of("lots", "-1")) {
      assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("warehouse-cache-bytes", bad)))
          .isInstanceOf(SheafException.class)
          .hasMessageContaining("warehouse-cache-bytes")
          .satisfies(
              e ->
                  assertThat(((SheafException) e).code())
                      .isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }
  }

  @Test
  void mediaS3ProfileComesFromItsKeys() {
    assertThat(ServerConfigLoader.build(Map.of()).media().s3Profiles()).isEmpty();
    ServerConfig config =
        ServerConfigLoader.build(
            Map.of(
                "media-s3-endpoint", "https://s3.us-west-004.backblazeb2.com",
                "media-s3-region", "us-west-004",
                "media-s3-access-key", "key-id",
                "media-s3-secret-key", "very-secret-application-key",
                "media-s3-buckets", "photos-*, labels"));
    var profile = config.media().s3Profiles().get(0);
    assertThat(profile.endpoint()).isEqualTo(URI.create("https://s3.us-west-004.backblazeb2.com"));
    assertThat(profile.region()).isEqualTo("us-west-004");
    assertThat(profile.pathStyle()).isTrue();
    assertThat(profile.serves("photos-2026")).isTrue();
    assertThat(profile.serves("labels")).isTrue();
    assertThat(profile.serves("other")).isFalse();
    assertThat(config.toString()).doesNotContain("very-secret-application-key");
    assertThat(
            ServerConfigLoader.build(Map.of("media-s3-path-style", "false"))
                .media()
                .s3Profiles()
                .get(0)
                .pathStyle())
        .isFalse();
  }

  @Test
  void badMediaSettingsFail() {
    for (Map<String, String> bad :
        List.of(
            Map.of("media-cache-bytes", "lots"),
            Map.of("media-validation", "sometimes"),
            Map.of("media-destination", "s3://bucket with space/x"),
            Map.of("media-allow-private-addresses", "maybe"))) {
      assertThatThrownBy(() -> ServerConfigLoader.build(bad))
          .isInstanceOf(SheafException.class)
          .satisfies(
              e ->
                  assertThat(((SheafException) e).code())
                      .isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }
  }

  @Test
  void s3SettingsReachTheCatalog() {
    ServerConfig config =
        ServerConfigLoader.build(
            Map.of(
                "warehouse", "s3://training-data/sheaf",
                "s3-endpoint", "https://s3.us-west-004.backblazeb2.com",
                "s3-region", "us-west-004",
                "s3-access-key-id", "004a1b2c3d",
                "s3-secret-access-key", SECRET,
                "s3-path-style", "true",
                "s3-checksum-mode", "when-supported"));
    S3Settings s3 = config.catalog().s3();
    assertThat(config.catalog().warehouse()).isEqualTo("s3://training-data/sheaf");
    assertThat(config.catalog().isS3Warehouse()).isTrue();
    assertThat(s3)
        .isEqualTo(
            new S3Settings(
                "https://s3.us-west-004.backblazeb2.com",
                "us-west-004",
                "004a1b2c3d",
                SECRET,
                true,
                ChecksumMode.WHEN_SUPPORTED,
                5));
    assertThat(s3.fileIoProperties())
        .containsEntry("s3.endpoint", "https://s3.us-west-004.backblazeb2.com")
        .containsEntry("client.region", "us-west-004")
        .containsEntry("s3.access-key-id", "004a1b2c3d")
        .containsEntry("s3.secret-access-key", SECRET)
        .containsEntry("s3.path-style-access", "true")
        .containsEntry(S3Settings.CHECKSUM_MODE_PROPERTY, "WHEN_SUPPORTED");
  }

  @Test
  void environmentVariablesNameEveryKey() {
    Map<String, String> values =
        ServerConfigLoader.fromEnvironment(
            Map.of(
                "SHEAF_S3_ENDPOINT", "http://127.0.0.1:9000",
                "SHEAF_S3_REGION", "eu-central-003",
                "SHEAF_S3_ACCESS_KEY_ID", "id",
                "SHEAF_S3_SECRET_ACCESS_KEY", SECRET,
                "SHEAF_S3_PATH_STYLE", "yes",
                "SHEAF_S3_CHECKSUM_MODE", "WHEN_REQUIRED",
                "SHEAF_UNRELATED", "x"));
    assertThat(values.keySet())
        .isEqualTo(
            Set.of(
                "s3-endpoint",
                "s3-region",
                "s3-access-key-id",
                "s3-secret-access-key",
                "s3-path-style",
                "s3-checksum-mode"));
    S3Settings s3 = ServerConfigLoader.build(values).s3();
    assertThat(s3.pathStyleAccess()).isTrue();
    assertThat(s3.region()).isEqualTo("eu-central-003");
  }

  @Test
  void secretNeverAppearsInToString() {
    ServerConfig config =
        ServerConfigLoader.build(
            Map.of(
                "warehouse", "s3://b/p",
                "s3-access-key-id", "id",
                "s3-secret-access-key", SECRET,
                "catalog-password", "pg-secret"));
    assertThat(config.toString()).doesNotContain(SECRET).doesNotContain("pg-secret");
    assertThat(config.s3().toString()).doesNotContain(SECRET).contains("secretAccessKey=***");
    assertThat(config.catalog().toString()).doesNotContain(SECRET).doesNotContain("pg-secret");
    // a password written in the catalog URL itself is masked too
    for (String url :
        List.of(
            "jdbc:postgresql://db:5432/sheaf?user=sheaf&password=pg-secret&ssl=true",
            "jdbc:postgresql://sheaf:pg-secret@db:5432/sheaf",
            "jdbc:sqlserver://db;user=sheaf;Password=pg-secret;encrypt=true")) {
      ServerConfig withUrl = ServerConfigLoader.build(Map.of("catalog-url", url));
      assertThat(withUrl.toString()).doesNotContain("pg-secret").contains("***");
      assertThat(withUrl.catalog().toString()).doesNotContain("pg-secret").contains("db");
    }
  }

  @Test
  void badS3SettingsFailWithoutEchoingTheSecret() {
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("s3-secret-access-key", SECRET)))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("access key id")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("s3-endpoint", "b2.example")))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("s3-checksum-mode", "sometimes")))
        .hasMessageContaining("WHEN_REQUIRED");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("s3-bucket", "x")))
        .hasMessageContaining("unknown setting 's3-bucket'");
  }

  @Test
  void limitsComeFromTheirKeys() {
    ServerConfig config =
        ServerConfigLoader.build(
            Map.of(
                "memory-budget", "2g",
                "executor-threads", "32",
                "max-prepared-statements", "100",
                "prepared-statement-idle", "60",
                "max-message-bytes", "64m",
                "kept-result-bytes", "10g",
                "kept-result-ttl", "600",
                "token-lifetime", "3600"));
    assertThat(config.limits())
        .isEqualTo(
            new ServerLimits(
                2L << 30,
                32,
                100,
                Duration.ofSeconds(60),
                64 << 20,
                10L << 30,
                Duration.ofMinutes(10),
                Duration.ofHours(1)));
    assertThat(config.keptResults().directory())
        .isEqualTo(config.dataDirectory().resolve("kept-results"));
    assertThat(config.keptResults().budgetBytes()).isEqualTo(10L << 30);
    assertThat(ServerConfigLoader.build(Map.of("memory-budget", "512m")).limits().memoryBudget())
        .isEqualTo(512L << 20);
    assertThat(ServerConfigLoader.build(Map.of("memory-budget", "4194304")).limits().memoryBudget())
        .isEqualTo(4L << 20);
    assertThat(
            ServerConfigLoader.build(Map.of("memory-budget", "unlimited")).limits().memoryBudget())
        .isEqualTo(Long.MAX_VALUE);
    assertThat(ServerConfigLoader.fromEnvironment(Map.of("SHEAF_MEMORY_BUDGET", "1g")))
        .containsEntry("memory-budget", "1g");
    assertThat(config.toString()).contains("memoryBudget=" + (2L << 30));
  }

  @Test
  void badLimitsFailStartup() {
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("memory-budget", "lots")))
        .hasMessageContaining("Cannot read memory-budget = 'lots'")
        .hasMessageContaining("512m");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("memory-budget", "1k")))
        .hasMessageContaining("at least 1m");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("executor-threads", "-1")))
        .hasMessageContaining("executor-threads");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("max-prepared-statements", "0")))
        .hasMessageContaining("max-prepared-statements");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("max-message-bytes", "4g")))
        .hasMessageContaining("at most 2047m");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("prepared-statement-idle", "0")))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("kept-result-bytes", "100k")))
        .hasMessageContaining("kept-result-bytes")
        .hasMessageContaining("at least 1m");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("kept-result-ttl", "0")))
        .hasMessageContaining("kept-result-ttl");
    assertThatThrownBy(() -> ServerConfigLoader.build(Map.of("token-lifetime", "0")))
        .hasMessageContaining("token-lifetime");
  }

  @Test
  void theWarehouseUsesTheProfileSchemeOfMedia() {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    values.put("warehouse", "s3://photos-warehouse/sheaf");
    values.put("media-s3-profiles", "b2, minio");
    values.put("media-s3.b2.kind", "b2");
    values.put("media-s3.b2.region", "us-west-004");
    values.put("media-s3.b2.buckets", "photos-*");
    values.put("media-s3.b2.access-key", "b2-key-id");
    values.put("media-s3.b2.secret-key", SECRET);
    values.put("media-s3.minio.endpoint", "http://minio.internal:9000");
    values.put("media-s3.minio.max-attempts", "3");

    // the first profile serving the warehouse's bucket, as for a media URI
    S3Settings matched = ServerConfigLoader.build(values, Map.of()).catalog().s3();
    assertThat(matched)
        .isEqualTo(
            new S3Settings(
                "https://s3.us-west-004.backblazeb2.com",
                "us-west-004",
                "b2-key-id",
                SECRET,
                true,
                ChecksumMode.WHEN_REQUIRED,
                S3MediaProfile.B2_MAX_ATTEMPTS));
    assertThat(matched.fileIoProperties())
        .containsEntry(S3Settings.MAX_ATTEMPTS_PROPERTY, "8")
        .containsEntry("s3.path-style-access", "true");

    // or the one warehouse-profile names
    values.put("warehouse-profile", "minio");
    S3Settings named = ServerConfigLoader.build(values, Map.of()).catalog().s3();
    assertThat(named.endpoint()).isEqualTo("http://minio.internal:9000");
    assertThat(named.maxAttempts()).isEqualTo(3);
    assertThat(named.accessKeyId()).isNull();

    values.put("warehouse-profile", "nowhere");
    assertThat(
            catchThrowableOfType(
                SheafException.class, () -> ServerConfigLoader.build(values, Map.of())))
        .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
        .hasMessageContaining("nowhere")
        .hasMessageContaining("[b2, minio]");

    values.put("warehouse-profile", "b2");
    values.put("s3-region", "us-east-1");
    assertThat(
            catchThrowableOfType(
                SheafException.class, () -> ServerConfigLoader.build(values, Map.of())))
        .hasMessageContaining("s3-* settings");

    // explicit s3-* keys win over bucket matching
    values.remove("warehouse-profile");
    values.put("s3-max-attempts", "2");
    S3Settings explicit = ServerConfigLoader.build(values, Map.of()).catalog().s3();
    assertThat(explicit.region()).isEqualTo("us-east-1");
    assertThat(explicit.maxAttempts()).isEqualTo(2);
    values.put("s3-max-attempts", "0");
    assertThat(
            catchThrowableOfType(
                SheafException.class, () -> ServerConfigLoader.build(values, Map.of())))
        .hasMessageContaining("s3-max-attempts");
  }

  @Test
  void namedS3ProfilesEachServeTheirBuckets() {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    values.put("media-s3-profiles", "b2, minio");
    values.put("media-s3.b2.kind", "b2");
    values.put("media-s3.b2.region", "us-west-004");
    values.put("media-s3.b2.buckets", "photos-*");
    values.put("media-s3.b2.access-key", "b2-key-id");
    values.put("media-s3.b2.secret-key", SECRET);
    values.put("media-s3.minio.endpoint", "http://minio.internal:9000");
    values.put("media-s3.minio.path-style", "false");
    values.put("media-s3.minio.max-attempts", "3");
    List<S3MediaProfile> profiles = ServerConfigLoader.build(values, Map.of()).media().s3Profiles();
    assertThat(profiles).extracting(S3MediaProfile::name).containsExactly("b2", "minio");
    S3MediaProfile b2 = profiles.get(0);
    assertThat(b2.kind()).isEqualTo(S3MediaProfile.Kind.B2);
    assertThat(b2.endpoint()).isEqualTo(URI.create("https://s3.us-west-004.backblazeb2.com"));
    assertThat(b2.pathStyle()).isTrue();
    assertThat(b2.maxAttempts()).isEqualTo(S3MediaProfile.B2_MAX_ATTEMPTS);
    assertThat(b2.accessKey()).isEqualTo("b2-key-id");
    assertThat(b2.secretKey()).isEqualTo(SECRET);
    assertThat(b2.serves("photos-2026")).isTrue();
    assertThat(b2.serves("labels")).isFalse();
    S3MediaProfile minio = profiles.get(1);
    assertThat(minio.kind()).isEqualTo(S3MediaProfile.Kind.S3);
    assertThat(minio.endpoint()).isEqualTo(URI.create("http://minio.internal:9000"));
    assertThat(minio.region()).isEqualTo("us-east-1");
    assertThat(minio.pathStyle()).isFalse();
    assertThat(minio.maxAttempts()).isEqualTo(3);
    assertThat(minio.serves("labels")).isTrue();
    assertThat(minio.accessKey()).isNull();
    assertThat(ServerConfigLoader.build(values, Map.of()).toString())
        .contains("b2", "minio")
        .doesNotContain(SECRET);
  }

  @Test
  void namedS3ProfileCredentialsComeFromTheEnvironment() {
    Map<String, String> values =
        Map.of(
            "media-s3-profiles", "named, standard",
            "media-s3.named.access-key-env", "PHOTOS_KEY_ID",
            "media-s3.named.secret-key-env", "PHOTOS_SECRET");
    Map<String, String> environment =
        Map.of(
            "PHOTOS_KEY_ID", "photos-id",
            "PHOTOS_SECRET", SECRET,
            "AWS_ACCESS_KEY_ID", "aws-id",
            "AWS_SECRET_ACCESS_KEY", "aws-secret");
    List<S3MediaProfile> profiles =
        ServerConfigLoader.build(values, environment).media().s3Profiles();
    assertThat(profiles.get(0).accessKey()).isEqualTo("photos-id");
    assertThat(profiles.get(0).secretKey()).isEqualTo(SECRET);
    assertThat(profiles.get(1).accessKey()).isEqualTo("aws-id");
    assertThat(profiles.get(1).secretKey()).isEqualTo("aws-secret");
    assertThat(
            ServerConfigLoader.build(Map.of("media-s3-profiles", "chain"), Map.of())
                .media()
                .s3Profiles()
                .get(0)
                .accessKey())
        .as("no keys anywhere: the AWS SDK's default chain")
        .isNull();
    assertThatThrownBy(() -> ServerConfigLoader.build(values, Map.of("PHOTOS_KEY_ID", "photos-id")))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
        .hasMessageContaining("PHOTOS_SECRET")
        .hasMessageNotContaining("photos-id");
  }

  @Test
  void namedS3ProfilesFromEnvironmentVariablesStayTyped() {
    Map<String, String> values =
        ServerConfigLoader.fromEnvironment(
            Map.of(
                "SHEAF_MEDIA_S3_PROFILES", "b2-photos",
                "SHEAF_MEDIA_S3_B2_PHOTOS_KIND", "b2",
                "SHEAF_MEDIA_S3_B2_PHOTOS_REGION", "eu-central-003",
                "SHEAF_MEDIA_S3_B2_PHOTOS_ACCESS_KEY_ENV", "B2_KEY",
                "SHEAF_MEDIA_S3_B2_PHOTOS_SECRET_KEY_ENV", "B2_SECRET",
                "SHEAF_MEDIA_S3_REGION", "us-east-2"));
    assertThat(values)
        .containsEntry("media-s3-profiles", "b2-photos")
        .containsEntry("media-s3.b2-photos.kind", "b2")
        .containsEntry("media-s3.b2-photos.region", "eu-central-003")
        .containsEntry("media-s3-region", "us-east-2");
    S3MediaProfile b2 =
        ServerConfigLoader.build(values, Map.of("B2_KEY", "k", "B2_SECRET", SECRET))
            .media()
            .s3Profiles()
            .get(0);
    assertThat(b2.endpoint()).isEqualTo(URI.create("https://s3.eu-central-003.backblazeb2.com"));
    assertThat(b2.secretKey()).isEqualTo(SECRET);
    assertThatThrownBy(
            () ->
                ServerConfigLoader.fromEnvironment(
                    Map.of(
                        "SHEAF_MEDIA_S3_PROFILES", "b2",
                        "SHEAF_MEDIA_S3_B2_COLOUR", "blue")))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("SHEAF_MEDIA_S3_B2_COLOUR");
    assertThatThrownBy(
            () -> ServerConfigLoader.fromEnvironment(Map.of("SHEAF_MEDIA_S3_OTHER_REGION", "x")))
        .as("a profile not listed in SHEAF_MEDIA_S3_PROFILES")
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("SHEAF_MEDIA_S3_PROFILES");
  }

  @Test
  void badNamedS3ProfilesFailWithoutEchoingSecrets() {
    for (Map<String, String> bad :
        List.of(
            Map.of("media-s3-profiles", "b2", "media-s3.b2.colour", "blue"),
            Map.of("media-s3.unlisted.region", "us-east-1"),
            Map.of("media-s3-profiles", "Bad_Name"),
            Map.of("media-s3-profiles", "b2, b2"),
            Map.of("media-s3-profiles", "b2", "media-s3.b2.kind", "gcs"),
            Map.of("media-s3-profiles", "b2", "media-s3.b2.kind", "b2"),
            Map.of(
                "media-s3-profiles", "b2",
                "media-s3.b2.kind", "b2",
                "media-s3.b2.region", "us-west-004",
                "media-s3.b2.path-style", "false"),
            Map.of("media-s3-profiles", "b2", "media-s3.b2.max-attempts", "many"),
            Map.of("media-s3-profiles", "b2", "media-s3.b2.endpoint", "ftp://host"),
            Map.of("media-s3-profiles", "b2", "media-s3.b2.secret-key", SECRET),
            Map.of(
                "media-s3-profiles", "b2",
                "media-s3.b2.access-key", "id",
                "media-s3.b2.secret-key", SECRET,
                "media-s3.b2.secret-key-env", "B2_SECRET"))) {
      assertThatThrownBy(() -> ServerConfigLoader.build(bad, Map.of()))
          .as("%s", bad.keySet())
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
          .hasMessageNotContaining(SECRET);
    }
  }

  @Test
  void namedS3ProfilesReadFromAConfigurationFile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws java.io.IOException {
    Path file = dir.resolve("sheaf.properties");
    java.nio.file.Files.writeString(
        file,
        """
        media-s3-profiles = b2
        media-s3.b2.kind = b2
        media-s3.b2.region = us-west-004
        """);
    assertThat(ServerConfigLoader.build(ServerConfigLoader.readFile(file), Map.of()))
        .extracting(c -> c.media().s3Profiles().get(0).kind())
        .isEqualTo(S3MediaProfile.Kind.B2);
    java.nio.file.Files.writeString(file, "media-s3.b2.colour = blue\n");
    assertThatThrownBy(() -> ServerConfigLoader.readFile(file))
        .hasMessageContaining("unknown setting 'media-s3.b2.colour'");
  }

  @Test
  void sourceCredentialsProfilesAreSettingsOfTheirOwn() {
    ServerConfig config =
        ServerConfigLoader.build(
            Map.of("source.labels-db.user", "reader", "source.labels-db.password-env", "PW"));
    assertThat(config.sourceSettings())
        .containsOnlyKeys("source.labels-db.user", "source.labels-db.password-env");
    assertThat(config.toString()).doesNotContain("source.");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServerConfigLoader.build(Map.of("source.labels-db.secret", "x")))
        .isInstanceOf(dev.sheaf.spi.error.SheafException.class)
        .hasMessageContaining("source.<profile>.<setting>");
  }
}
