package dev.sheaf.planner.dataset;

import dev.sheaf.catalog.datasets.Dataset;
import dev.sheaf.catalog.datasets.DatasetStore;
import dev.sheaf.planner.schema.SheafSchema;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.util.BuiltInMethod;

/**
 * The root of a statement's schemas: namespaces and {@code sys} are added to it by name; a name
 * that is neither is looked up among the catalog's datasets, only then (so a statement that names
 * no dataset never reads the dataset tables).
 */
public final class DatasetRoot extends AbstractSchema {
  private final DatasetStore datasets;
  private final Function<String, SheafSchema> namespaces;
  private final Runnable onDataset;

  /**
   * @param namespaces the statement's schema of a namespace, or null when there is none
   * @param onDataset called when a statement names a dataset (its plan then depends on it)
   */
  public DatasetRoot(
      DatasetStore datasets, Function<String, SheafSchema> namespaces, Runnable onDataset) {
    this.datasets = datasets;
    this.namespaces = namespaces;
    this.onDataset = onDataset;
  }

  /** As Calcite's own root schema: generated code reaches it through the data context. */
  @Override
  public Expression getExpression(SchemaPlus parentSchema, String name) {
    return Expressions.call(DataContext.ROOT, BuiltInMethod.DATA_CONTEXT_GET_ROOT_SCHEMA.method);
  }

  @Override
  public Lookup<? extends Schema> subSchemas() {
    return new Lookup<Schema>() {
      @Override
      public Schema get(String name) {
        return find(name).orElse(null);
      }

      @Override
      public Named<Schema> getIgnoreCase(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return find(lower).map(schema -> new Named<Schema>(lower, schema)).orElse(null);
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        Set<String> names = new LinkedHashSet<>();
        var matcher = pattern.matcher();
        for (Dataset dataset : datasets.list()) {
          if (matcher.apply(dataset.name())) {
            names.add(dataset.name());
          }
        }
        return names;
      }
    };
  }

  private Optional<Schema> find(String name) {
    Optional<Dataset> dataset = datasets.find(name);
    dataset.ifPresent(found -> onDataset.run());
    return dataset.map(found -> new DatasetSchema(found, namespaces));
  }
}
