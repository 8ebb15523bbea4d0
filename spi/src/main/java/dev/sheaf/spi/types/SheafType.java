package dev.sheaf.spi.types;

import static dev.sheaf.spi.error.ErrorCode.UNSUPPORTED_TYPE;

import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sheaf column type. DECIMAL carries precision and scale, VECTOR its dimension; other kinds carry
 * no parameters (their fields are zero). The text form ({@link #toString()}) is what Sheaf writes
 * into Arrow field metadata and the Iceberg schema, and {@link #parse} reads it back.
 */
public record SheafType(TypeKind kind, int precision, int scale, int dimension) {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");
  private static final Pattern VECTOR = Pattern.compile("VECTOR\\((\\d+)\\)");

  public static final int MAX_DECIMAL_PRECISION = 38;
  public static final int MAX_VECTOR_DIMENSION = 16_384;

  public SheafType {
    Objects.requireNonNull(kind, "kind is null");
    if (kind == TypeKind.DECIMAL) {
      if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
        throw SheafException.of(
            UNSUPPORTED_TYPE,
            "Cannot use DECIMAL(%d, %d): precision must be 1..%d and scale 0..precision",
            precision,
            scale,
            MAX_DECIMAL_PRECISION);
      }
    } else if (kind == TypeKind.VECTOR) {
      if (dimension < 1 || dimension > MAX_VECTOR_DIMENSION) {
        throw SheafException.of(
            UNSUPPORTED_TYPE,
            "Cannot use VECTOR(%d): the dimension must be 1..%d",
            dimension,
            MAX_VECTOR_DIMENSION);
      }
    } else if (precision != 0 || scale != 0 || dimension != 0) {
      throw new IllegalArgumentException(kind + " takes no parameters");
    }
  }

  public static SheafType of(TypeKind kind) {
    return new SheafType(kind, 0, 0, 0);
  }

  public static SheafType decimal(int precision, int scale) {
    return new SheafType(TypeKind.DECIMAL, precision, scale, 0);
  }

  public static SheafType vector(int dimension) {
    return new SheafType(TypeKind.VECTOR, 0, 0, dimension);
  }

  public boolean isMedia() {
    return kind.isMedia();
  }

  /** Reads the text form written by {@link #toString()}, case-insensitively. */
  public static SheafType parse(String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    Matcher decimal = DECIMAL.matcher(upper);
    if (decimal.matches()) {
      return decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
    }
    Matcher vector = VECTOR.matcher(upper);
    if (vector.matches()) {
      return vector(Integer.parseInt(vector.group(1)));
    }
    try {
      return of(TypeKind.valueOf(upper.replace(' ', '_')));
    } catch (IllegalArgumentException e) {
      throw SheafException.of(
          UNSUPPORTED_TYPE,
          "Cannot use type '%s': Sheaf does not know it (use one of %s, DECIMAL(p, s), VECTOR(n))",
          text,
          java.util.Arrays.toString(TypeKind.values()));
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
      case VECTOR -> "VECTOR(" + dimension + ")";
      default -> kind.name();
    };
  }
}
