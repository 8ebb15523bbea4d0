package dev.sheaf.compute.iterate;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The arguments of one iterator call, every parameter present (given or defaulted). */
public final class IteratorArguments {
  private final Map<String, Object> values;

  private IteratorArguments(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * Binds {@code given} (lower-case names) to {@code parameters}: an unknown name or a value of the
   * wrong kind is INVALID_ARGUMENT naming the parameter.
   */
  public static IteratorArguments bind(
      String iterator, List<IteratorParameter> parameters, Map<String, Object> given) {
    Map<String, Object> bound = new LinkedHashMap<>();
    for (IteratorParameter parameter : parameters) {
      bound.put(parameter.name(), parameter.defaultValue());
    }
    for (Map.Entry<String, Object> entry : given.entrySet()) {
      String name = entry.getKey().toLowerCase(Locale.ROOT);
      IteratorParameter parameter =
          parameters.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
      if (parameter == null) {
        throw new SheafException(
            ErrorCode.INVALID_ARGUMENT,
            iterator
                + " has no parameter '"
                + entry.getKey()
                + "'; its parameters are "
                + parameters.stream().map(IteratorParameter::name).toList());
      }
      try {
        bound.put(name, SheafValues.coerce(parameter.type(), entry.getValue()));
      } catch (RuntimeException e) {
        throw new SheafException(
            ErrorCode.INVALID_ARGUMENT,
            iterator
                + "'s parameter '"
                + name
                + "' takes "
                + parameter.type()
                + ", not '"
                + entry.getValue()
                + "'");
      }
    }
    return new IteratorArguments(bound);
  }

  public Object value(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return values.get(name);
  }

  public double doubleValue(String name) {
    return ((Number) value(name)).doubleValue();
  }

  public int intValue(String name) {
    return ((Number) value(name)).intValue();
  }

  public String stringValue(String name) {
    Object value = value(name);
    return value == null ? null : value.toString();
  }

  /** Every argument by name, in parameter order (stored with an iterator view's definition). */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }
}
