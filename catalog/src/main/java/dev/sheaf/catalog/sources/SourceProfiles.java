package dev.sheaf.catalog.sources;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The credentials profiles sources name ({@code CREATE SOURCE ... CREDENTIALS 'labels_db'}), from
 * the server's environment in the scheme of the S3 media profiles: {@code
 * SHEAF_SOURCE_<PROFILE>_USER} and {@code SHEAF_SOURCE_<PROFILE>_PASSWORD} (the profile's name in
 * upper case, '-' as '_'). A source's stored text never holds a secret.
 */
public final class SourceProfiles {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

  private final Map<String, String> environment;

  public SourceProfiles(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
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
    String user = environment.get(prefix + "USER");
    String password = environment.get(prefix + "PASSWORD");
    if (user == null && password == null) {
      throw SheafException.of(
          ErrorCode.SOURCE_UNAVAILABLE,
          "Cannot use credentials profile '%s': the server has none (set %sUSER and %sPASSWORD in"
              + " the server's environment)",
          profile,
          prefix,
          prefix);
    }
    return new SourceCredentials(user, password);
  }

  static String variablePrefix(String profile) {
    return "SHEAF_SOURCE_" + profile.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
  }
}
