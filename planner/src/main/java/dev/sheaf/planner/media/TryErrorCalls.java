package dev.sheaf.planner.media;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites {@code try_error(f(args))}, where {@code f} is a media function that can fail on a cell,
 * into a call of {@code f}'s error twin with the same arguments, before validation: the cell's
 * error as {@code "CODE: message"}, or NULL when {@code f} succeeds (see {@link MediaCellErrors}).
 */
public final class TryErrorCalls extends SqlShuttle {
  /** The prefix of an error twin's name in the root schema. */
  static final String TWIN_PREFIX = "try_error$";

  private static final String TRY_ERROR = "try_error";

  private static final Set<String> CALLABLE =
      Set.of(
          "fetch",
          "media_uri",
          "media_size",
          "media_etag",
          "media_version",
          "width",
          "height",
          "format",
          "presign",
          "thumbnail",
          "image_mode",
          "resize",
          "crop",
          "rotate",
          "convert",
          "encode",
          "to_tensor",
          "ocr",
          "video_metadata",
          "audio_metadata",
          "extract_frame",
          "audio_to_tensor",
          "audio_resample",
          "audio_segment",
          "document_page_count",
          "document_text",
          "document_page_text",
          "document_metadata");

  private TryErrorCalls() {}

  /** The statement with every {@code try_error(f(...))} replaced by f's error twin. */
  public static SqlNode rewrite(SqlNode statement) {
    return statement == null ? null : statement.accept(new TryErrorCalls());
  }

  @Override
  public SqlNode visit(SqlCall call) {
    if (!name(call).equals(TRY_ERROR)) {
      return super.visit(call);
    }
    if (call.operandCount() != 1
        || !(call.operand(0) instanceof SqlCall inner)
        || !CALLABLE.contains(name(inner))) {
      throw SheafException.of(
          ErrorCode.INVALID_QUERY,
          "Cannot evaluate %s: try_error takes one call of a media function (%s)",
          call,
          String.join(", ", new java.util.TreeSet<>(CALLABLE)));
    }
    SqlNode[] operands = new SqlNode[inner.operandCount()];
    for (int i = 0; i < operands.length; i++) {
      SqlNode operand = inner.operand(i);
      operands[i] = operand == null ? null : operand.accept(this);
    }
    SqlIdentifier twin = new SqlIdentifier(TWIN_PREFIX + name(inner), call.getParserPosition());
    return new SqlUnresolvedFunction(
            twin, null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION)
        .createCall(call.getFunctionQuantifier(), call.getParserPosition(), operands);
  }

  private static String name(SqlCall call) {
    return call.getOperator().getName().toLowerCase(Locale.ROOT);
  }
}
