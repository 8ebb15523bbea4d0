package dev.sheaf.catalog.datasets;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One commit of a dataset: the version of every member at one instant, numbered 1, 2, 3, ... per
 * dataset, with an optional tag (unique in the dataset) and message.
 */
public record DatasetCommit(
    String dataset,
    long number,
    String tag,
    String message,
    long createdAt,
    List<CommittedMember> members) {
  public DatasetCommit {
    requireNonNull(dataset, "dataset is null");
    members = List.copyOf(members);
  }

  /** The committed version of the member named {@code table}. */
  public CommittedMember member(String table) {
    for (CommittedMember member : members) {
      if (member.member().table().equalsIgnoreCase(table)) {
        return member;
      }
    }
    return null;
  }

  /** The Iceberg tag that keeps this commit's version of each member from expiring. */
  public String retentionTag() {
    return retentionTag(dataset, number);
  }

  /** The Iceberg tag that keeps commit {@code number} of {@code dataset} from expiring. */
  public static String retentionTag(String dataset, long number) {
    return "dataset:" + dataset + ":" + number;
  }
}
