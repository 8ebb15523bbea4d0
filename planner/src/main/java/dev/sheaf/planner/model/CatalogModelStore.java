package dev.sheaf.planner.model;

import dev.sheaf.catalog.models.ModelDefinitionStore;
import dev.sheaf.catalog.models.StoredModel;
import dev.sheaf.compute.model.ModelSpec;
import dev.sheaf.compute.model.ModelTask;
import java.util.List;

/** Model definitions kept in the catalog database ({@link ModelDefinitionStore}). */
public final class CatalogModelStore implements ModelStore {
  private final ModelDefinitionStore store;

  public CatalogModelStore(ModelDefinitionStore store) {
    this.store = store;
  }

  @Override
  public ModelSpec find(String name) {
    StoredModel stored = store.find(name);
    return stored == null ? null : spec(stored);
  }

  @Override
  public List<ModelSpec> all() {
    return store.list().stream().map(CatalogModelStore::spec).toList();
  }

  @Override
  public void add(ModelSpec spec) {
    store.add(
        new StoredModel(
            spec.name(),
            spec.task().sqlName(),
            spec.source(),
            spec.options(),
            System.currentTimeMillis()));
  }

  @Override
  public boolean remove(String name) {
    return store.remove(name);
  }

  private static ModelSpec spec(StoredModel stored) {
    return new ModelSpec(
        stored.name(), ModelTask.parse(stored.task()), stored.source(), stored.options());
  }
}
