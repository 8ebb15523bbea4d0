package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.datasets.Dataset;
import dev.sheaf.catalog.datasets.DatasetMember;
import dev.sheaf.planner.dataset.DatasetVersion;
import dev.sheaf.planner.schema.TableName;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/** {@code d.t FOR DATASET VERSION v}: the member table at the version the dataset names. */
final class DatasetReferences {
  private DatasetReferences() {}

  /** The reference to the member's snapshot (or branch) that {@code d.t} means at {@code v}. */
  static SqlIdentifier atVersion(SheafCatalog catalog, SqlIdentifier identifier, SqlNode version) {
    List<String> names = identifier.names;
    if (names.size() < 2) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read %s FOR DATASET VERSION: name the table through its dataset, as in"
              + " dataset.table",
          identifier);
    }
    String datasetName = names.get(names.size() - 2);
    Dataset dataset =
        catalog
            .datasets()
            .find(datasetName)
            .orElseThrow(
                () ->
                    SheafException.of(
                        ErrorCode.DATASET_NOT_FOUND,
                        "Cannot read %s FOR DATASET VERSION: %s is no dataset (SELECT * FROM"
                            + " sys.datasets lists them)",
                        identifier,
                        datasetName));
    TableName name = TableName.parse(names.get(names.size() - 1));
    DatasetMember member = dataset.member(name.table());
    DatasetVersion resolved = DatasetVersion.of(catalog, dataset, version);
    DatasetVersion.memberTable(catalog, dataset, member);
    Long snapshot = resolved.snapshotOf(member);
    TableName pinned =
        snapshot != null
            ? TableName.of(member.table()).withSnapshot(snapshot)
            : TableName.parse(member.table() + "@branch=" + resolved.branch());
    return new SqlIdentifier(
        List.of(member.schema(), pinned.toString()), identifier.getParserPosition());
  }
}
