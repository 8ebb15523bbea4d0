package dev.sheaf.planner.exec;

import dev.sheaf.compute.model.ModelSpec;
import dev.sheaf.compute.model.ModelTask;
import dev.sheaf.planner.parser.SqlCreateModel;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlLiteral;

/** A CREATE MODEL statement as a model definition: its name, task, source and options. */
final class ModelDefinitions {
  private ModelDefinitions() {}

  static ModelSpec spec(SqlCreateModel create) {
    String name = create.name.getSimple();
    String source = ((SqlCharStringLiteral) create.source).getValueAs(String.class);
    Map<String, String> options = new LinkedHashMap<>();
    String task = null;
    for (int i = 0; i < create.optionNames.size(); i++) {
      String key = create.optionNames.get(i).getSimple().toLowerCase(Locale.ROOT);
      String value = text(create.optionValues.get(i));
      if (options.containsKey(key) || (key.equals("task") && task != null)) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot create model '%s': option '%s' is given twice",
            name,
            key);
      }
      if (key.equals("task")) {
        task = value;
      } else {
        options.put(key, value);
      }
    }
    if (task == null) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create model '%s': say what it does with WITH (task = 'text_embedding') or (task = 'clip')",
          name);
    }
    return new ModelSpec(name, ModelTask.parse(task), source, options);
  }

  private static String text(org.apache.calcite.sql.SqlNode node) {
    if (!(node instanceof SqlLiteral literal)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT, "Cannot create model: option value %s is no literal", node);
    }
    Object value =
        literal instanceof SqlCharStringLiteral chars
            ? chars.getValueAs(String.class)
            : literal.toValue();
    return value == null ? "" : value.toString();
  }
}
