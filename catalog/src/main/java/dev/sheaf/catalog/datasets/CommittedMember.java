package dev.sheaf.catalog.datasets;

import static java.util.Objects.requireNonNull;

/**
 * A member table's version in one dataset commit.
 *
 * @param snapshotId the member's Iceberg snapshot, or null when the table had no version yet
 * @param version its Sheaf version number (the snapshot's sequence number), 0 when none
 */
public record CommittedMember(DatasetMember member, Long snapshotId, long version) {
  public CommittedMember {
    requireNonNull(member, "member is null");
  }
}
