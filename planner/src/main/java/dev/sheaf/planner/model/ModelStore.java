package dev.sheaf.planner.model;

import dev.sheaf.compute.model.ModelSpec;
import java.util.List;

/** Where CREATE MODEL keeps its definitions (the catalog database), so they survive a restart. */
public interface ModelStore {
  /** The stored model of that name, or null. */
  ModelSpec find(String name);

  /** Every stored model, by name. */
  List<ModelSpec> all();

  /** Stores a new model; the caller checked that the name is free. */
  void add(ModelSpec spec);

  /** Removes a model; false when there was none. */
  boolean remove(String name);
}
