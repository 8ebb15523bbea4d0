package dev.sheaf.catalog.sources;

/**
 * A user name and password a source is reached with; either may be null. The password is never in
 * {@link #toString}, logs or errors.
 */
public record SourceCredentials(String user, String password) {
  public static final SourceCredentials NONE = new SourceCredentials(null, null);

  @Override
  public String toString() {
    return "SourceCredentials[user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + "]";
  }
}
