package dev.sheaf.server.auth;

/**
 * Text from a client made safe for a log line: control characters (a forged line break) become
 * {@code ?} and long text is cut, so a user name or a statement cannot fake or flood log entries; a
 * password in a URI ({@code postgresql://user:secret@host}, which CREATE SOURCE refuses) shows as
 * {@code ***}.
 */
public final class LogText {
  private static final int MAX = 1000;
  private static final java.util.regex.Pattern URI_PASSWORD =
      java.util.regex.Pattern.compile("(://[^/@:\\s'\"]*):[^/@\\s'\"]*@");

  private LogText() {}

  public static String of(String text) {
    if (text == null) {
      return "";
    }
    text = URI_PASSWORD.matcher(text).replaceAll("$1:***@");
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX + 3));
    for (int i = 0; i < text.length() && out.length() < MAX; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? (c == '\n' || c == '\t' ? ' ' : '?') : c);
    }
    if (text.length() > MAX) {
      out.append("...");
    }
    return out.toString();
  }
}
