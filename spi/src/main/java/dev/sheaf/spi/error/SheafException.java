package dev.sheaf.spi.error;

import static java.util.Objects.requireNonNull;

/**
 * Every error Sheaf reports to a user. The message follows "Cannot &lt;verb&gt; &lt;object&gt;:
 * &lt;reason&gt; (&lt;hint&gt;)" and never contains a secret; the cause stays on the server.
 */
public class SheafException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public SheafException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public SheafException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }

  public ErrorCategory category() {
    return code.category();
  }

  /** Formats the message as Sheaf messages read, with the values quoted by the caller. */
  public static SheafException of(ErrorCode code, String format, Object... args) {
    return new SheafException(code, String.format(java.util.Locale.ROOT, format, args));
  }
}
