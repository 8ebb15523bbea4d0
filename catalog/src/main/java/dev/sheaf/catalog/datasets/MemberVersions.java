package dev.sheaf.catalog.datasets;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads the current version of every member, on the connection of the commit's transaction. */
@FunctionalInterface
public interface MemberVersions {
  List<CommittedMember> read(Connection connection, List<DatasetMember> members)
      throws SQLException;
}
