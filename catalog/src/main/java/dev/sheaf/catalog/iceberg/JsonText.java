package dev.sheaf.catalog.iceberg;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a JSON column accepts: exactly one JSON value (object, array, string, number, true, false or
 * null), as PostgreSQL's {@code json} type does: no single quotes, comments, NaN or trailing text.
 * The text is stored as given.
 */
public final class JsonText {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int SHOWN = 60;

  private JsonText() {}

  /** {@code text}, or TYPE_MISMATCH naming the column when it is not one JSON value. */
  public static String check(String column, String text) {
    if (text == null) {
      return null;
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        throw invalid(column, text, "it is empty");
      }
      parser.skipChildren();
      JsonToken extra = parser.nextToken();
      if (extra != null) {
        throw invalid(column, text, "text follows the value at character " + offset(parser));
      }
      return text;
    } catch (JsonProcessingException e) {
      throw invalid(column, text, e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long offset(JsonParser parser) {
    return parser.currentTokenLocation().getCharOffset() + 1;
  }

  private static SheafException invalid(String column, String text, String reason) {
    String shown = text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
    return SheafException.of(
        ErrorCode.TYPE_MISMATCH,
        "Cannot write '%s' into JSON column '%s': it is not JSON (%s)",
        shown,
        column,
        reason);
  }
}
