package dev.sheaf.planner.media;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;

/**
 * Errors as values for media functions: a function that fails on one cell (a missing or changed
 * object, a forbidden URI, a store that does not answer, a corrupt image, the width of a non-image,
 * an object too large for a cell) gives NULL for that cell and the query goes on, as DuckDB's
 * {@code TRY} and Pixeltable's per-cell errors do. {@code try_error(f(...))} gives that cell's
 * error instead ({@code "CODE: message"}, NULL when {@code f} succeeds): {@link TryErrorCalls}
 * rewrites it to {@code f}'s error twin, which runs {@code f} with errors raised ({@link
 * #errorOf}). Errors of the statement itself (a bad argument such as {@code presign(m, -1)},
 * cancellation) still fail it.
 */
public final class MediaCellErrors {
  /** The codes that are one cell's failure, not the statement's. */
  private static final Set<ErrorCode> CELL_CODES =
      EnumSet.of(
          ErrorCode.MEDIA_NOT_FOUND,
          ErrorCode.MEDIA_CHANGED,
          ErrorCode.MEDIA_ACCESS_DENIED,
          ErrorCode.MEDIA_UNAVAILABLE,
          ErrorCode.MEDIA_FORMAT_ERROR,
          ErrorCode.OUT_OF_MEMORY);

  /** Set while an error twin runs a function: its errors are raised, to be given as text. */
  private static final ThreadLocal<Boolean> RAISING = ThreadLocal.withInitial(() -> false);

  private static final Map<String, Method> METHODS = new ConcurrentHashMap<>();

  private MediaCellErrors() {}

  /** Whether an error is one cell's failure (the cell becomes NULL) rather than the statement's. */
  public static boolean isCellError(SheafException error) {
    return CELL_CODES.contains(error.code());
  }

  /**
   * Evaluates one cell: its value, or NULL when it fails with a cell error (unless the statement
   * aborts on errors).
   */
  public static <T> T cell(MediaAccess media, Supplier<T> body) {
    if (RAISING.get() || media.onError() == MediaOnError.ABORT) {
      return body.get();
    }
    try {
      return body.get();
    } catch (SheafException e) {
      if (isCellError(e)) {
        return null;
      }
      throw e;
    }
  }

  /**
   * The error media function {@code method} (a {@link MediaCalls} method) gives for these
   * arguments, as {@code "CODE: message"}, or NULL when it succeeds. Called by generated code.
   */
  public static String errorOf(DataContext root, String method, Object[] arguments) {
    Method call = METHODS.computeIfAbsent(method, MediaFunction::find);
    Object[] all = new Object[arguments.length + 1];
    all[0] = root;
    System.arraycopy(arguments, 0, all, 1, arguments.length);
    boolean outer = RAISING.get();
    RAISING.set(true);
    try {
      call.invoke(null, all);
      return null;
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SheafException error && isCellError(error)) {
        return error.code() + ": " + error.getMessage();
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } finally {
      RAISING.set(outer);
    }
  }
}
