package dev.sheaf.catalog.sources;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The credentials profiles sources name ({@code CREATE SOURCE ... CREDENTIALS 'labels-db'}), in the
 * scheme of the S3 media profiles: the server's settings (config file or flags) {@code
 * source.<profile>.user}, {@code source.<profile>.password} or {@code
 * source.<profile>.password-env} (the name of an environment variable holding it), else the
 * environment's {@code SHEAF_SOURCE_<PROFILE>_USER} and {@code SHEAF_SOURCE_<PROFILE>_PASSWORD}
 * (the profile's name in upper case, '-' as '_'). A source's stored text never holds a secret.
 */
public final class SourceProfiles {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
  private static final String PREFIX = "source.";
  private static final java.util.Set<String> SETTINGS =
      java.util.Set.of("user", "password", "password-env");

  private final Map<String, String> settings;
  private final Map<String, String> environment;

  public SourceProfiles(Map<String, String> environment) {
    this(Map.of(), environment);
  }

  /** Profiles from the server's {@code source.<profile>.<setting>} settings, then environment. */
  public SourceProfiles(Map<String, String> settings, Map<String, String> environment) {
    this.settings = Map.copyOf(settings);
    this.environment = Map.copyOf(environment);
  }

  /**
   * Whether a server setting is a source profile's ({@code source.<profile>.<setting>});
   * INVALID_CONFIGURATION for a {@code source.} key of another shape.
   */
  public static boolean isSettingKey(String key, String origin) {
    if (!key.startsWith(PREFIX)) {
      return false;
    }
    String[] parts = key.substring(PREFIX.length()).split("\\.", -1);
    if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !SETTINGS.contains(parts[1])) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot start: unknown setting '%s' in %s (source credentials profiles are"
              + " source.<profile>.<setting>, setting one of %s)",
          key,
          origin,
          new java.util.TreeSet<>(SETTINGS));
    }
    return true;
  }

  /** The source profile settings among a server's settings. */
  public static Map<String, String> settingsOf(Map<String, String> values) {
    Map<String, String> found = new java.util.TreeMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(PREFIX)) {
            found.put(key, value);
          }
        });
    return found;
  }

  /** The profiles of this process's environment. */
  public static SourceProfiles fromEnvironment() {
    return new SourceProfiles(System.getenv());
  }

  /** Checks a profile's name (at CREATE SOURCE). */
  public static void checkName(String profile) {
    if (!NAME.matcher(profile).matches()) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot use credentials profile '%s': a profile's name is a letter followed by up to 63"
              + " letters, digits, '_' or '-'",
          profile);
    }
  }

  /**
   * The credentials of a profile; null profile gives none. SOURCE_UNAVAILABLE when the profile sets
   * neither a user nor a password.
   */
  public SourceCredentials credentials(String profile) {
    if (profile == null) {
      return SourceCredentials.NONE;
    }
    String prefix = variablePrefix(profile);
    String setting = PREFIX + profile + ".";
    String user = settings.getOrDefault(setting + "user", environment.get(prefix + "USER"));
    String password = settings.get(setting + "password");
    if (password == null && settings.containsKey(setting + "password-env")) {
      password = environment.get(settings.get(setting + "password-env"));
    }
    if (password == null) {
      password = environment.get(prefix + "PASSWORD");
    }
    if (user == null && password == null) {
      throw SheafException.of(
          ErrorCode.SOURCE_UNAVAILABLE,
          "Cannot use credentials profile '%s': the server has none (set %sUSER and %sPASSWORD in"
              + " the server's environment, or source.%s.user and source.%s.password in its"
              + " settings)",
          profile,
          prefix,
          prefix,
          profile,
          profile);
    }
    return new SourceCredentials(user, password);
  }

  static String variablePrefix(String profile) {
    return "SHEAF_SOURCE_" + profile.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
  }
}
