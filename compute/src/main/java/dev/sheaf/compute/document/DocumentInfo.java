package dev.sheaf.compute.document;

/** What a document says of itself: its title and author, each null when it does not say. */
public record DocumentInfo(String title, String author) {
  public static final DocumentInfo NONE = new DocumentInfo(null, null);

  public DocumentInfo {
    title = blankToNull(title);
    author = blankToNull(author);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
