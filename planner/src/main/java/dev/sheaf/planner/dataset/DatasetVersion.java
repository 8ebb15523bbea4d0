package dev.sheaf.planner.dataset;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.datasets.CommittedMember;
import dev.sheaf.catalog.datasets.Dataset;
import dev.sheaf.catalog.datasets.DatasetCommit;
import dev.sheaf.catalog.datasets.DatasetMember;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.math.BigDecimal;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.iceberg.Table;

/**
 * A version of a dataset as a statement names it: a commit (by number or tag) or a branch made with
 * {@code CREATE BRANCH b ON DATASET d}, and the member versions it means.
 *
 * @param commit the commit, or null for a branch
 * @param branch the branch, or null for a commit
 */
public record DatasetVersion(Dataset dataset, DatasetCommit commit, String branch) {
  /** The version {@code version} (a number or a quoted name) of {@code dataset}. */
  public static DatasetVersion of(SheafCatalog catalog, Dataset dataset, SqlNode version) {
    if (version instanceof SqlNumericLiteral number) {
      long value = number.getValueAs(BigDecimal.class).longValueExact();
      return catalog
          .datasets()
          .commit(dataset.name(), value)
          .map(commit -> new DatasetVersion(dataset, commit, null))
          .orElseThrow(
              () ->
                  SheafException.of(
                      ErrorCode.VERSION_NOT_FOUND,
                      "Cannot read commit %d of dataset %s: no such commit (SELECT * FROM"
                          + " \"%s$history\" lists them)",
                      value,
                      dataset.name(),
                      dataset.name()));
    }
    if (version instanceof SqlCharStringLiteral text) {
      return named(catalog, dataset, text.getValueAs(String.class));
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot read dataset %s at %s: give a commit number or a quoted tag or branch name",
        dataset.name(),
        version);
  }

  /** The commit tagged {@code name}, else the dataset's branch {@code name}. */
  public static DatasetVersion named(SheafCatalog catalog, Dataset dataset, String name) {
    var tagged = catalog.datasets().commitByTag(dataset.name(), name);
    if (tagged.isPresent()) {
      return new DatasetVersion(dataset, tagged.get(), null);
    }
    for (DatasetMember member : dataset.members()) {
      Table table = memberTable(catalog, dataset, member);
      var ref = table.refs().get(name);
      if (ref == null || !ref.isBranch()) {
        throw SheafException.of(
            ErrorCode.REFERENCE_NOT_FOUND,
            "Cannot read dataset %s at '%s': no commit has that tag and it is no branch of the"
                + " dataset (member %s has none; CREATE BRANCH %s ON DATASET %s makes one)",
            dataset.name(),
            name,
            member.qualifiedName(),
            name,
            dataset.name());
      }
    }
    return new DatasetVersion(dataset, null, name);
  }

  /** The member's table, checked to be the table the dataset was made with. */
  public static Table memberTable(SheafCatalog catalog, Dataset dataset, DatasetMember member) {
    Table table = catalog.findTable(member.schema(), member.table()).orElse(null);
    if (table == null || !table.uuid().toString().equals(member.tableUuid())) {
      throw SheafException.of(
          ErrorCode.DATASET_INVALID,
          "Cannot use dataset %s: its member %s was dropped or renamed since the dataset was made"
              + " (DROP DATASET %s and CREATE it again with the tables it should hold)",
          dataset.name(),
          member.qualifiedName(),
          dataset.name());
    }
    return table;
  }

  /**
   * The snapshot of member {@code table} this version reads, or null for a branch (read the
   * branch's head).
   */
  public Long snapshotOf(DatasetMember member) {
    if (commit == null) {
      return null;
    }
    CommittedMember committed = commit.member(member.table());
    if (committed == null || committed.snapshotId() == null) {
      throw SheafException.of(
          ErrorCode.VERSION_NOT_FOUND,
          "Cannot read %s at commit %d of dataset %s: the table had no rows yet then",
          member.qualifiedName(),
          commit.number(),
          dataset.name());
    }
    return committed.snapshotId();
  }

  /** How this version is written in messages: {@code commit 3 ('v3')} or {@code branch 'exp'}. */
  public String describe() {
    if (commit == null) {
      return "branch '" + branch + "'";
    }
    return "commit " + commit.number() + (commit.tag() == null ? "" : " ('" + commit.tag() + "')");
  }
}
