package dev.sheaf.catalog.config;

import java.util.regex.Pattern;

/**
 * JDBC URLs as logs and messages show them: a password in the URL ({@code ?password=...}, {@code
 * ;password=...}, or {@code //user:password@host}) is replaced by {@code ***}.
 */
public final class JdbcUrls {
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)((?:password|passwd|pwd)=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]*:)[^@/]*@");

  private JdbcUrls() {}

  /** The URL with every password in it masked; null stays null. */
  public static String masked(String url) {
    if (url == null) {
      return null;
    }
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1***@");
  }
}
