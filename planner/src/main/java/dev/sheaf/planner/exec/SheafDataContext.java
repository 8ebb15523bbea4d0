package dev.sheaf.planner.exec;

import dev.sheaf.planner.media.MediaAccess;
import dev.sheaf.planner.model.ModelAccess;
import dev.sheaf.planner.vector.RowWindow;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * What Calcite's generated code reads while a statement runs: the schema, statement time (fixed for
 * the statement, UTC), bound parameters ({@code ?0}, {@code ?1}, ...), the objects the code
 * generator stashed for the plan, the cancel flag, the statement's media access, its model access
 * ({@link ModelAccess#KEY}), and the row window its table scan reads ({@link
 * RowWindow#CONTEXT_KEY}: a partition of a query that splits at the scan).
 */
final class SheafDataContext implements DataContext {
  private final SchemaPlus rootSchema;
  private final JavaTypeFactory typeFactory;
  private final List<Object> parameters;
  private final Map<String, Object> stash;
  private final AtomicBoolean cancelFlag;
  private final MediaAccess media;
  private final ModelAccess models;
  private final RowWindow window;
  private final long statementTime = System.currentTimeMillis();

  SheafDataContext(
      SchemaPlus rootSchema,
      JavaTypeFactory typeFactory,
      List<Object> parameters,
      Map<String, Object> stash,
      AtomicBoolean cancelFlag,
      MediaAccess media,
      ModelAccess models,
      RowWindow window) {
    this.media = media;
    this.models = models;
    this.window = window;
    this.stash = stash;
    this.rootSchema = rootSchema;
    this.typeFactory = typeFactory;
    this.parameters = parameters;
    this.cancelFlag = cancelFlag;
  }

  @Override
  public SchemaPlus getRootSchema() {
    return rootSchema;
  }

  @Override
  public JavaTypeFactory getTypeFactory() {
    return typeFactory;
  }

  @Override
  public QueryProvider getQueryProvider() {
    return null;
  }

  @Override
  public Object get(String name) {
    Object stashed = stash.get(name);
    if (stashed != null) {
      return stashed;
    }
    if (name.equals(MediaAccess.KEY)) {
      return media;
    }
    if (name.equals(ModelAccess.KEY)) {
      return models;
    }
    if (name.equals(RowWindow.CONTEXT_KEY)) {
      return window;
    }
    if (name.startsWith("?")) {
      int index = Integer.parseInt(name.substring(1));
      return index < parameters.size() ? parameters.get(index) : null;
    }
    if (name.equals(Variable.CURRENT_TIMESTAMP.camelName)
        || name.equals(Variable.LOCAL_TIMESTAMP.camelName)
        || name.equals(Variable.UTC_TIMESTAMP.camelName)) {
      return statementTime;
    }
    if (name.equals(Variable.TIME_ZONE.camelName)) {
      return TimeZone.getTimeZone("UTC");
    }
    if (name.equals(Variable.CANCEL_FLAG.camelName)) {
      return cancelFlag;
    }
    if (name.equals(Variable.USER.camelName) || name.equals(Variable.SYSTEM_USER.camelName)) {
      return "sheaf";
    }
    if (name.equals(Variable.LOCALE.camelName)) {
      return java.util.Locale.ROOT;
    }
    return null;
  }
}
