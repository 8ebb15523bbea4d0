package dev.sheaf.catalog.datasets;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;
import java.util.Locale;

/** A named set of tables that is committed, read, branched and merged as one. */
public record Dataset(String name, List<DatasetMember> members, long createdAt) {
  public Dataset {
    requireNonNull(name, "name is null");
    members = List.copyOf(members);
  }

  /** The member a query names {@code table} (the table's own name, matched case-insensitively). */
  public DatasetMember member(String table) {
    for (DatasetMember member : members) {
      if (member.table().equalsIgnoreCase(table)) {
        return member;
      }
    }
    throw SheafException.of(
        ErrorCode.TABLE_NOT_FOUND,
        "Cannot find table '%s' in dataset %s: its members are %s",
        table,
        name,
        members.stream().map(DatasetMember::table).toList());
  }

  /** The name as stored: lower case, as unquoted SQL names are. */
  public static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
