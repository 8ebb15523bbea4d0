package dev.sheaf.planner.exec;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.SheafCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiled queries kept for the next execution of the same SQL, so a prepared statement run again
 * with new parameter values is not parsed, validated, optimized and compiled again. An entry is
 * keyed by the SQL, the pinned table (partitions) and the Java types of the parameter values; it is
 * used only while every table it read still has the version it was compiled against, so a commit,
 * ALTER, DROP or CREATE of one of them compiles the statement afresh. At most {@code capacity}
 * entries, least recently used dropped first.
 */
final class PlanCache {
  /** What a compiled query depends on besides the tables it read. */
  record Key(String sql, TablePin pin, List<String> parameterTypes) {
    Key {
      requireNonNull(sql, "sql is null");
      parameterTypes = List.copyOf(parameterTypes);
    }

    static Key of(String sql, TablePin pin, List<Object> parameters) {
      List<String> types = new ArrayList<>(parameters.size());
      for (Object value : parameters) {
        types.add(value == null ? "null" : value.getClass().getName());
      }
      return new Key(sql, pin, types);
    }
  }

  /** A compiled query with the statement context it runs in and the table versions it read. */
  record Plan(StatementContext context, QueryRunner.CompiledQuery query, TablesRead tables) {
    Plan {
      requireNonNull(context, "context is null");
      requireNonNull(query, "query is null");
      requireNonNull(tables, "tables is null");
    }
  }

  private final int capacity;
  private final Map<Key, Plan> plans;

  PlanCache(int capacity) {
    this.capacity = capacity;
    this.plans = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** The plan cached for {@code key} when its tables are unchanged, else null (and forgets it). */
  Plan get(Key key, SheafCatalog catalog) {
    Plan plan;
    synchronized (plans) {
      plan = plans.get(key);
    }
    if (plan == null) {
      return null;
    }
    if (!plan.tables().current(catalog)) {
      synchronized (plans) {
        plans.remove(key, plan);
      }
      return null;
    }
    return plan;
  }

  void put(Key key, Plan plan) {
    if (capacity <= 0) {
      return;
    }
    synchronized (plans) {
      plans.put(key, plan);
      var eldest = plans.keySet().iterator();
      while (plans.size() > capacity && eldest.hasNext()) {
        eldest.next();
        eldest.remove();
      }
    }
  }

  int size() {
    synchronized (plans) {
      return plans.size();
    }
  }
}
