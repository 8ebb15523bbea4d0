package dev.sheaf.server.config;

import dev.sheaf.catalog.config.IndexLocation;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.config.WarehouseCacheSettings;
import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link ServerConfig} from, in rising precedence: defaults, a properties file, {@code
 * SHEAF_*} environment variables, and command-line flags. Keys are the flag names without dashes
 * ({@code port}, {@code data-dir}, ...), plus the named S3 media profiles' {@code
 * media-s3.<name>.<setting>} keys ({@link MediaS3Profiles}); an unknown key fails startup.
 */
public final class ServerConfigLoader {
  public static final Set<String> KEYS =
      Set.of(
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
          // the web pages (WebSettings)
          "web-enabled",
          "web-host",
          "web-port",
          // resource limits (ServerLimits)
          "memory-budget",
          "executor-threads",
          "max-prepared-statements",
          "prepared-statement-idle",
          "max-message-bytes",
          "kept-result-bytes",
          "kept-result-ttl",
          "token-lifetime",
          // media (MediaConfig)
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
          // named S3 media profiles: their settings are media-s3.<name>.<setting>
          "media-s3-profiles");

  private ServerConfigLoader() {}

  /** The value map from a properties file, checked for unknown keys. */
  public static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot read configuration file " + file + ": " + e.getMessage(),
          e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.forEach((k, v) -> values.put(k.toString(), v.toString().trim()));
    check(values, "configuration file " + file);
    return values;
  }

  /**
   * The value map from {@code SHEAF_HOST}, {@code SHEAF_DATA_DIR}, ..., and the named S3 media
   * profiles' {@code SHEAF_MEDIA_S3_<NAME>_<SETTING>}; an unknown {@code SHEAF_MEDIA_S3_*} variable
   * fails.
   */
  public static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : KEYS) {
      String value = environment.get(variable(key));
      if (value != null && !value.isBlank()) {
        values.put(key, value.trim());
      }
    }
    values.putAll(MediaS3Profiles.fromEnvironment(environment, KEYS));
    return values;
  }

  /** The environment variable of a key: {@code SHEAF_} and the key in upper case, '-' as '_'. */
  static String variable(String key) {
    return "SHEAF_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  public static void check(Map<String, String> values, String source) {
    for (String key : values.keySet()) {
      if (!KEYS.contains(key)
          && !MediaS3Profiles.isProfileKey(key, source)
          && !dev.sheaf.catalog.sources.SourceProfiles.isSettingKey(key, source)) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot start: unknown setting '%s' in %s (known: %s)",
            key,
            source,
            new java.util.TreeSet<>(KEYS));
      }
    }
  }

  /** Applies the values over the defaults; credentials named by variable come from the process. */
  public static ServerConfig build(Map<String, String> values) {
    return build(values, System.getenv());
  }

  /**
   * Applies the values over the defaults, reading S3 media credentials that the settings name by
   * environment variable (and the standard {@code AWS_ACCESS_KEY_ID}) from {@code environment}.
   */
  public static ServerConfig build(Map<String, String> values, Map<String, String> environment) {
    check(values, "the settings");
    ServerConfig defaults = ServerConfig.defaults();
    Path dataDirectory =
        Path.of(values.getOrDefault("data-dir", defaults.dataDirectory().toString()));
    MediaConfig media = media(values, dataDirectory, environment);
    String host = values.getOrDefault("host", defaults.host());
    int port = port(values.getOrDefault("port", String.valueOf(defaults.port())));
    return new ServerConfig(
        host,
        port,
        dataDirectory,
        values.get("catalog-url"),
        values.get("catalog-user"),
        values.get("catalog-password"),
        values.get("warehouse"),
        warehouseS3(values, defaults.s3(), media.s3Profiles()),
        flag(values, "allow-anonymous"),
        flag(values, "allow-plaintext"),
        values.get("users"),
        values.containsKey("tls-cert") ? Path.of(values.get("tls-cert")) : null,
        values.containsKey("tls-key") ? Path.of(values.get("tls-key")) : null,
        ServerLimits.from(values),
        media,
        warehouseCache(values, dataDirectory),
        values.containsKey("index-location")
            ? IndexLocation.parse(values.get("index-location"))
            : IndexLocation.LOCAL,
        WebSettings.from(values, host, port),
        dev.sheaf.catalog.sources.SourceProfiles.settingsOf(values));
  }

  /**
   * The media settings: {@code media-roots} (comma-separated directories, added to the data
   * directory), {@code media-allow-private-addresses}, {@code media-cache-dir}, {@code
   * media-cache-bytes}, {@code media-destination} (a directory URI or path for media Sheaf writes)
   * and {@code media-validation} ({@code on_write} or {@code on_read}).
   */
  private static MediaConfig media(
      Map<String, String> values, Path dataDirectory, Map<String, String> environment) {
    MediaConfig defaults = MediaConfig.defaults(dataDirectory);
    List<Path> roots = new ArrayList<>();
    for (String root : values.getOrDefault("media-roots", "").split(",")) {
      if (!root.isBlank()) {
        roots.add(Path.of(root.trim()));
      }
    }
    String destination = values.get("media-destination");
    String validation = values.get("media-validation");
    try {
      return new MediaConfig(
              defaults.fileRoots(),
              flag(values, "media-allow-private-addresses"),
              values.containsKey("media-cache-dir")
                  ? Path.of(values.get("media-cache-dir")).toAbsolutePath().normalize()
                  : defaults.cacheDirectory(),
              values.containsKey("media-cache-bytes")
                  ? bytes("media-cache-bytes", values.get("media-cache-bytes"))
                  : defaults.cacheBytes(),
              destination == null ? defaults.destination() : destinationUri(destination),
              validation == null ? defaults.validation() : MediaConfig.Validation.parse(validation),
              s3Profiles(values, environment))
          .withExtraRoots(roots);
    } catch (SheafException e) {
      throw new SheafException(ErrorCode.INVALID_CONFIGURATION, e.getMessage(), e);
    }
  }

  /**
   * Where an {@code s3://} warehouse's data files are kept for scans: {@code warehouse-cache-dir}
   * (default {@code <data-dir>/warehouse-cache}) and {@code warehouse-cache-bytes} (default 10g).
   */
  private static WarehouseCacheSettings warehouseCache(
      Map<String, String> values, Path dataDirectory) {
    String directory = values.get("warehouse-cache-dir");
    String budget = values.get("warehouse-cache-bytes");
    return new WarehouseCacheSettings(
        directory == null ? dataDirectory.resolve("warehouse-cache") : Path.of(directory),
        budget == null
            ? WarehouseCacheSettings.DEFAULT_BUDGET_BYTES
            : bytes("warehouse-cache-bytes", budget));
  }

  /**
   * The named S3 profiles ({@link MediaS3Profiles}), then the single profile {@code media-s3} when
   * any of its {@code media-s3-*} keys is given: endpoint (none: AWS), region (default us-east-1),
   * keys (none: the AWS SDK's default chain, e.g. AWS_ACCESS_KEY_ID), path-style addressing
   * (default true, as B2 and S3-compatible servers want) and the buckets it serves (comma-separated
   * globs, default all).
   */
  private static List<S3MediaProfile> s3Profiles(
      Map<String, String> values, Map<String, String> environment) {
    List<S3MediaProfile> profiles = new ArrayList<>(MediaS3Profiles.build(values, environment));
    if (values.keySet().stream()
        .noneMatch(key -> key.startsWith("media-s3-") && !key.equals(MediaS3Profiles.PROFILES))) {
      return profiles;
    }
    String endpoint = values.get("media-s3-endpoint");
    List<String> buckets = MediaS3Profiles.buckets(values.getOrDefault("media-s3-buckets", "*"));
    profiles.add(
        S3MediaProfile.of(
                "media-s3",
                endpoint == null ? null : URI.create(endpoint),
                values.getOrDefault("media-s3-region", "us-east-1"),
                values.get("media-s3-access-key"),
                values.get("media-s3-secret-key"))
            .withPathStyle(
                !values.containsKey("media-s3-path-style") || flag(values, "media-s3-path-style"))
            .withBucketPatterns(buckets));
    return profiles;
  }

  private static URI destinationUri(String text) {
    String directory = text.endsWith("/") ? text : text + "/";
    if (directory.contains("://")) {
      try {
        return URI.create(directory);
      } catch (IllegalArgumentException e) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot use media-destination '%s': it is not a URI (give s3://bucket/prefix/ or a"
                + " directory)",
            text);
      }
    }
    return URI.create(
        Path.of(text).toAbsolutePath().normalize().toUri().toString().replaceAll("/?$", "/"));
  }

  /** A byte count: a number with an optional k, m, g or t suffix (powers of 1024). */
  private static long bytes(String key, String text) {
    String value = text.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    if (!value.isEmpty() && "kmgt".indexOf(value.charAt(value.length() - 1)) >= 0) {
      unit = 1L << (10 * ("kmgt".indexOf(value.charAt(value.length() - 1)) + 1));
      value = value.substring(0, value.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(value.trim()), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use %s '%s': give a number of bytes such as 2147483648 or 2g",
          key,
          text);
    }
  }

  /**
   * How an {@code s3://} warehouse is reached, in the one profile scheme media use: {@code
   * warehouse-profile} names an S3 profile ({@code media-s3.<name>.*}, B2 kind included); without
   * it and without {@code s3-*} keys, the first profile whose buckets match the warehouse's bucket
   * (as for a media URI); otherwise the {@code s3-*} keys.
   */
  private static S3Settings warehouseS3(
      Map<String, String> values, S3Settings defaults, List<S3MediaProfile> profiles) {
    boolean explicit = values.keySet().stream().anyMatch(key -> key.startsWith("s3-"));
    String named = values.get("warehouse-profile");
    if (named != null) {
      if (explicit) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot use warehouse-profile '%s' together with s3-* settings: give one or the"
                + " other",
            named);
      }
      return profiles.stream()
          .filter(profile -> profile.name().equals(named))
          .findFirst()
          .map(S3Settings::of)
          .orElseThrow(
              () ->
                  SheafException.of(
                      ErrorCode.INVALID_CONFIGURATION,
                      "Cannot use warehouse-profile '%s': no S3 profile has that name (the"
                          + " profiles are %s; define one with media-s3.%s.* settings)",
                      named,
                      profiles.stream().map(S3MediaProfile::name).toList(),
                      named));
    }
    String warehouse = values.get("warehouse");
    if (!explicit && warehouse != null && warehouse.startsWith("s3://")) {
      String bucket = warehouse.substring("s3://".length()).split("/", 2)[0];
      for (S3MediaProfile profile : profiles) {
        if (profile.serves(bucket)) {
          return S3Settings.of(profile);
        }
      }
    }
    return s3(values, defaults);
  }

  private static S3Settings s3(Map<String, String> values, S3Settings defaults) {
    String mode = values.get("s3-checksum-mode");
    String attempts = values.get("s3-max-attempts");
    return new S3Settings(
        values.getOrDefault("s3-endpoint", defaults.endpoint()),
        values.getOrDefault("s3-region", defaults.region()),
        values.getOrDefault("s3-access-key-id", defaults.accessKeyId()),
        values.getOrDefault("s3-secret-access-key", defaults.secretAccessKey()),
        values.containsKey("s3-path-style")
            ? flag(values, "s3-path-style")
            : defaults.pathStyleAccess(),
        mode == null ? defaults.checksumMode() : S3Settings.ChecksumMode.parse(mode),
        attempts == null ? defaults.maxAttempts() : positive("s3-max-attempts", attempts));
  }

  private static int positive(String key, String text) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SheafException.of(
        ErrorCode.INVALID_CONFIGURATION,
        "Cannot use %s '%s': give a whole number above 0",
        key,
        text);
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION, "Cannot use port '%s': give a number", text);
    }
  }

  private static boolean flag(Map<String, String> values, String key) {
    return flag(values, key, key);
  }

  /** A boolean setting; {@code name} is the key as the user wrote it, for the message. */
  static boolean flag(Map<String, String> values, String key, String name) {
    String value = values.getOrDefault(key, "false");
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default ->
          throw SheafException.of(
              ErrorCode.INVALID_CONFIGURATION,
              "Cannot read %s = '%s': give true or false (an empty value is not a choice)",
              name,
              value);
    };
  }
}
