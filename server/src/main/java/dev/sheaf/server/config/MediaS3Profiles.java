package dev.sheaf.server.config;

import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The named S3 media profiles of the server configuration. {@code media-s3-profiles} lists the
 * names (a bucket goes to the first listed profile whose buckets match it); each profile's settings
 * are {@code media-s3.<name>.<setting>} in the file and flags, {@code
 * SHEAF_MEDIA_S3_<NAME>_<SETTING>} in the environment ({@code -} becomes {@code _}). Settings:
 *
 * <ul>
 *   <li>{@code kind}: {@code s3} (default) or {@code b2} (path-style required, endpoint derived
 *       from the region, more retries for 503 SlowDown);
 *   <li>{@code endpoint}, {@code region}, {@code path-style}, {@code buckets} (comma-separated
 *       globs, default every bucket), {@code max-attempts};
 *   <li>credentials, first found: {@code access-key} + {@code secret-key}; {@code access-key-env} +
 *       {@code secret-key-env} (the names of environment variables holding them); the standard
 *       {@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY}; else the AWS SDK's default
 *       chain.
 * </ul>
 *
 * <p>The older single-profile keys ({@code media-s3-endpoint}, ...) make one more profile, {@code
 * media-s3}, after the named ones. Secrets never appear in messages: errors name the setting or the
 * environment variable, never its value.
 */
final class MediaS3Profiles {
  static final String PROFILES = "media-s3-profiles";
  static final String PREFIX = "media-s3.";
  static final Set<String> SETTINGS =
      Set.of(
          "kind",
          "endpoint",
          "region",
          "access-key",
          "secret-key",
          "access-key-env",
          "secret-key-env",
          "path-style",
          "buckets",
          "max-attempts");

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  private static final String ENVIRONMENT_PREFIX = "SHEAF_MEDIA_S3_";

  private MediaS3Profiles() {}

  /** Whether a key is a (well-formed) per-profile key; a malformed one fails with its reason. */
  static boolean isProfileKey(String key, String source) {
    if (!key.startsWith(PREFIX)) {
      return false;
    }
    String[] parts = key.substring(PREFIX.length()).split("\\.", -1);
    if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !SETTINGS.contains(parts[1])) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot start: unknown setting '%s' in %s (S3 media profile settings are"
              + " media-s3.<name>.<setting>, name of lowercase letters, digits and '-', setting one"
              + " of %s)",
          key,
          source,
          new TreeSet<>(SETTINGS));
    }
    return true;
  }

  /**
   * The per-profile values from {@code SHEAF_MEDIA_S3_PROFILES} and {@code
   * SHEAF_MEDIA_S3_<NAME>_<SETTING>}; any other {@code SHEAF_MEDIA_S3_*} variable (besides the
   * single-profile keys in {@code known}) fails.
   */
  static Map<String, String> fromEnvironment(Map<String, String> environment, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    String listed = environment.get(ServerConfigLoader.variable(PROFILES));
    Map<String, String> variables = new LinkedHashMap<>();
    for (String name : names(listed == null ? "" : listed)) {
      for (String setting : SETTINGS) {
        variables.put(
            ENVIRONMENT_PREFIX + (name + "_" + setting).toUpperCase(Locale.ROOT).replace('-', '_'),
            PREFIX + name + "." + setting);
      }
    }
    for (Map.Entry<String, String> entry : environment.entrySet()) {
      String variable = entry.getKey();
      if (!variable.startsWith(ENVIRONMENT_PREFIX)
          || known.stream().anyMatch(key -> ServerConfigLoader.variable(key).equals(variable))) {
        continue;
      }
      String key = variables.get(variable);
      if (key == null) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot start: unknown environment variable %s (name the profile in"
                + " SHEAF_MEDIA_S3_PROFILES, then set SHEAF_MEDIA_S3_<NAME>_<SETTING>, setting one"
                + " of %s)",
            variable,
            new TreeSet<>(SETTINGS));
      }
      if (!entry.getValue().isBlank()) {
        values.put(key, entry.getValue().trim());
      }
    }
    return values;
  }

  /** The named profiles, in their listed order, then the single-profile keys' one. */
  static List<S3MediaProfile> build(Map<String, String> values, Map<String, String> environment) {
    List<String> names = names(values.getOrDefault(PROFILES, ""));
    for (String key : values.keySet()) {
      if (key.startsWith(PREFIX)) {
        String name = key.substring(PREFIX.length(), key.lastIndexOf('.'));
        if (!names.contains(name)) {
          throw SheafException.of(
              ErrorCode.INVALID_CONFIGURATION,
              "Cannot use setting '%s': profile '%s' is not listed in %s (listed: %s)",
              key,
              name,
              PROFILES,
              names);
        }
      }
    }
    List<S3MediaProfile> profiles = new ArrayList<>();
    for (String name : names) {
      profiles.add(profile(name, settings(values, name), environment));
    }
    return profiles;
  }

  private static List<String> names(String text) {
    List<String> names = new ArrayList<>();
    for (String part : text.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!NAME.matcher(name).matches() || names.contains(name)) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot use %s '%s': give distinct names of lowercase letters, digits and '-'",
            PROFILES,
            text);
      }
      names.add(name);
    }
    return names;
  }

  private static Map<String, String> settings(Map<String, String> values, String name) {
    Map<String, String> settings = new LinkedHashMap<>();
    String prefix = PREFIX + name + ".";
    values.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            settings.put(key.substring(prefix.length()), value);
          }
        });
    return settings;
  }

  private static S3MediaProfile profile(
      String name, Map<String, String> settings, Map<String, String> environment) {
    S3MediaProfile.Kind kind = S3MediaProfile.Kind.parse(settings.getOrDefault("kind", "s3"), name);
    String region = settings.get("region");
    String endpoint = settings.get("endpoint");
    URI endpointUri = endpoint == null ? null : endpoint(name, endpoint);
    String[] credentials = credentials(name, settings, environment);
    S3MediaProfile profile;
    if (kind == S3MediaProfile.Kind.B2) {
      if (region == null) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot use S3 media profile '%s': a b2 profile needs media-s3.%s.region (such as"
                + " us-west-004)",
            name,
            name);
      }
      profile = S3MediaProfile.b2(name, region, credentials[0], credentials[1]);
      if (endpointUri != null) {
        profile = profile.withEndpoint(endpointUri);
      }
    } else {
      profile =
          S3MediaProfile.of(
              name,
              endpointUri,
              region == null ? "us-east-1" : region,
              credentials[0],
              credentials[1]);
    }
    if (settings.containsKey("path-style")) {
      profile =
          profile.withPathStyle(
              ServerConfigLoader.flag(settings, "path-style", PREFIX + name + ".path-style"));
    }
    if (settings.containsKey("max-attempts")) {
      profile = profile.withMaxAttempts(attempts(name, settings.get("max-attempts")));
    }
    if (settings.containsKey("buckets")) {
      profile = profile.withBucketPatterns(buckets(settings.get("buckets")));
    }
    return profile;
  }

  /** Comma-separated bucket globs; none given: every bucket. */
  static List<String> buckets(String text) {
    List<String> buckets = new ArrayList<>();
    for (String bucket : text.split(",")) {
      if (!bucket.isBlank()) {
        buckets.add(bucket.trim());
      }
    }
    return buckets.isEmpty() ? List.of("*") : buckets;
  }

  private static URI endpoint(String name, String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': endpoint '%s' is not a URL (give one such as"
              + " https://s3.us-west-004.backblazeb2.com)",
          name,
          text);
    }
  }

  private static int attempts(String name, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': max-attempts '%s' is not a number (give 1 or more)",
          name,
          text);
    }
  }

  /** {access key, secret key}, both null for the SDK's default chain. */
  private static String[] credentials(
      String name, Map<String, String> settings, Map<String, String> environment) {
    if (settings.containsKey("access-key") || settings.containsKey("secret-key")) {
      if (settings.containsKey("access-key-env") || settings.containsKey("secret-key-env")) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot use S3 media profile '%s': give its keys either in the configuration"
                + " (access-key, secret-key) or by environment variable names (access-key-env,"
                + " secret-key-env), not both",
            name);
      }
      return new String[] {settings.get("access-key"), settings.get("secret-key")};
    }
    if (settings.containsKey("access-key-env") || settings.containsKey("secret-key-env")) {
      return new String[] {
        fromVariable(name, settings, "access-key-env", environment),
        fromVariable(name, settings, "secret-key-env", environment)
      };
    }
    String accessKey = environment.get("AWS_ACCESS_KEY_ID");
    String secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
    if (accessKey != null && secretKey != null && !accessKey.isBlank() && !secretKey.isBlank()) {
      return new String[] {accessKey.trim(), secretKey.trim()};
    }
    return new String[] {null, null};
  }

  private static String fromVariable(
      String name, Map<String, String> settings, String setting, Map<String, String> environment) {
    String variable = settings.get(setting);
    if (variable == null) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': give both access-key-env and secret-key-env",
          name);
    }
    String value = environment.get(variable.trim());
    if (value == null || value.isBlank()) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': environment variable %s (its %s) is not set",
          name,
          variable.trim(),
          setting);
    }
    return value.trim();
  }
}
