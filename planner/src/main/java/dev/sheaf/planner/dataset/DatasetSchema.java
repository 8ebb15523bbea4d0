package dev.sheaf.planner.dataset;

import dev.sheaf.catalog.datasets.Dataset;
import dev.sheaf.catalog.datasets.DatasetMember;
import dev.sheaf.planner.schema.SheafSchema;
import dev.sheaf.planner.schema.TableName;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;

/**
 * A dataset as SQL names it: {@code d.photos} is the member table {@code photos} (in whichever
 * schema it lives), read and written as that table is, with the same decorations ({@code
 * d."photos@branch=exp"}).
 */
public final class DatasetSchema extends AbstractSchema {
  private final Dataset dataset;
  private final Function<String, SheafSchema> namespaces;

  DatasetSchema(Dataset dataset, Function<String, SheafSchema> namespaces) {
    this.dataset = dataset;
    this.namespaces = namespaces;
  }

  @Override
  public Lookup<Table> tables() {
    return new Lookup<>() {
      @Override
      public Table get(String name) {
        return resolve(name);
      }

      @Override
      public Named<Table> getIgnoreCase(String name) {
        Table table = resolve(name);
        if (table == null) {
          name = name.toLowerCase(Locale.ROOT);
          table = resolve(name);
        }
        return table == null ? null : new Named<>(name, table);
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        Set<String> names = new LinkedHashSet<>();
        var matcher = pattern.matcher();
        for (DatasetMember member : dataset.members()) {
          if (matcher.apply(member.table())) {
            names.add(member.table());
          }
        }
        return names;
      }
    };
  }

  @Override
  public boolean isMutable() {
    return true;
  }

  private Table resolve(String text) {
    TableName name = TableName.parse(text);
    DatasetMember member = null;
    for (DatasetMember candidate : dataset.members()) {
      if (candidate.table().equals(name.table())) {
        member = candidate;
      }
    }
    SheafSchema schema = member == null ? null : namespaces.apply(member.schema());
    return schema == null ? null : schema.tables().get(text);
  }
}
