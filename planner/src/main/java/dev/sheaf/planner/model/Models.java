package dev.sheaf.planner.model;

import dev.sheaf.compute.model.ClipModel;
import dev.sheaf.compute.model.EmbeddingModel;
import dev.sheaf.compute.model.LoadedModel;
import dev.sheaf.compute.model.ModelRegistry;
import dev.sheaf.compute.model.ModelSpec;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models an engine's statements call: the built-in ones and those CREATE MODEL stored in the
 * catalog ({@link ModelStore}), loaded by the compute module's {@link ModelRegistry}. A name is
 * resolved once and kept until this engine creates or drops a model of that name.
 */
public final class Models implements AutoCloseable {
  private final ModelRegistry registry;
  private final ModelStore store;
  private final Map<String, LoadedModel> resolved = new ConcurrentHashMap<>();

  public Models(ModelRegistry registry, ModelStore store) {
    this.registry = registry;
    this.store = store;
  }

  public ModelRegistry registry() {
    return registry;
  }

  /** The definition of a model, built in or stored; MODEL_NOT_FOUND when there is none. */
  public ModelSpec spec(String name) {
    ModelSpec builtin = ModelRegistry.builtin(name);
    if (builtin != null) {
      return builtin;
    }
    ModelSpec stored = store == null ? null : store.find(name);
    if (stored == null) {
      throw SheafException.of(
          ErrorCode.MODEL_NOT_FOUND,
          "Cannot find model '%s' (built in: %s; CREATE MODEL adds one; SELECT * FROM sys.models"
              + " lists them)",
          name,
          ModelRegistry.builtins().stream().map(ModelSpec::name).toList());
    }
    return stored;
  }

  /** The loaded model of that name, of any task. */
  public LoadedModel model(String name) {
    LoadedModel model = resolved.get(name);
    if (model == null) {
      model = registry.load(spec(name));
      resolved.put(name, model);
    }
    return model;
  }

  /** The loaded text-embedding model of that name. */
  public EmbeddingModel embedding(String name) {
    return model(name) instanceof EmbeddingModel embedding
        ? embedding
        : registry.embedding(spec(name));
  }

  /** The loaded clip model of that name. */
  public ClipModel clip(String name) {
    return model(name) instanceof ClipModel clip ? clip : registry.clip(spec(name));
  }

  /** Every model: the built-in ones first, then the stored ones by name. */
  public List<ModelSpec> all() {
    List<ModelSpec> all = new ArrayList<>(ModelRegistry.builtins());
    if (store != null) {
      all.addAll(store.all());
    }
    return all;
  }

  /** Checks that a model loads (and its graph fits its task), then stores it. */
  public void create(ModelSpec spec, boolean ifNotExists) {
    if (ModelRegistry.builtin(spec.name()) != null || store.find(spec.name()) != null) {
      if (ifNotExists) {
        return;
      }
      throw SheafException.of(
          ErrorCode.MODEL_ALREADY_EXISTS,
          "Cannot create model '%s': a model of that name exists (DROP MODEL %s first)",
          spec.name(),
          spec.name());
    }
    forget(spec.name());
    registry.load(spec);
    store.add(spec);
  }

  /** Drops a stored model; built-in models cannot be dropped. */
  public void drop(String name, boolean ifExists) {
    if (ModelRegistry.builtin(name) != null) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED, "Cannot drop model '%s': it is built in", name);
    }
    if (!store.remove(name)) {
      if (ifExists) {
        return;
      }
      throw SheafException.of(
          ErrorCode.MODEL_NOT_FOUND, "Cannot drop model '%s': no such model", name);
    }
    forget(name);
  }

  private void forget(String name) {
    resolved.remove(name);
    registry.unload(name);
  }

  @Override
  public void close() {
    registry.close();
  }
}
