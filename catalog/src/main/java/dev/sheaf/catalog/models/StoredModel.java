package dev.sheaf.catalog.models;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * A model CREATE MODEL defined, as the catalog keeps it: name, task, source (a path or URI) and
 * options, all text (the compute module gives them meaning).
 */
public record StoredModel(
    String name, String task, String source, Map<String, String> options, long createdAt) {
  public StoredModel {
    requireNonNull(name, "name is null");
    requireNonNull(task, "task is null");
    requireNonNull(source, "source is null");
    options = Map.copyOf(new TreeMap<>(requireNonNull(options, "options is null")));
  }
}
