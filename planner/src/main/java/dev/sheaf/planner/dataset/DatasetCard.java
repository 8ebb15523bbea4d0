package dev.sheaf.planner.dataset;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableVersions;
import dev.sheaf.catalog.datasets.DatasetCommit;
import dev.sheaf.catalog.datasets.DatasetMember;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.catalog.media.StoredPin;
import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Types.NestedField;

/**
 * {@code DESCRIBE DATASET d [VERSION v]}: one row per member at a commit (the latest when none is
 * named; the members' current versions when the dataset has no commit yet): the commit's number,
 * tag, message and time, and each member's version, rows, bytes of data files, and the media it
 * references (distinct objects and their bytes, from the pins its rows keep).
 */
public final class DatasetCard {
  private static final SheafType TEXT = SheafType.of(TypeKind.VARCHAR);
  private static final SheafType NUMBER = SheafType.of(TypeKind.BIGINT);

  public static final List<ResultColumn> COLUMNS =
      List.of(
          new ResultColumn("dataset", TEXT, false),
          new ResultColumn("commit", NUMBER, true),
          new ResultColumn("tag", TEXT, true),
          new ResultColumn("message", TEXT, true),
          new ResultColumn("committed_at", SheafType.of(TypeKind.TIMESTAMP), true),
          new ResultColumn("table_schema", TEXT, false),
          new ResultColumn("table_name", TEXT, false),
          new ResultColumn("version", NUMBER, true),
          new ResultColumn("rows", NUMBER, false),
          new ResultColumn("data_bytes", NUMBER, false),
          new ResultColumn("media_objects", NUMBER, false),
          new ResultColumn("media_bytes", NUMBER, false));

  private final SheafCatalog catalog;

  public DatasetCard(SheafCatalog catalog) {
    this.catalog = catalog;
  }

  /** The card's rows for {@code version} (Calcite values: the time in milliseconds). */
  public List<Object[]> rows(DatasetVersion version) {
    DatasetCommit commit = version.commit();
    List<Object[]> rows = new ArrayList<>();
    for (DatasetMember member : version.dataset().members()) {
      Table table = DatasetVersion.memberTable(catalog, version.dataset(), member);
      Snapshot snapshot;
      if (commit != null) {
        var committed = commit.member(member.table());
        snapshot =
            committed == null || committed.snapshotId() == null
                ? null
                : table.snapshot(committed.snapshotId());
      } else {
        snapshot = TableVersions.head(table, version.branch());
      }
      long[] media = media(table, snapshot);
      rows.add(
          new Object[] {
            version.dataset().name(),
            commit == null ? null : commit.number(),
            commit == null ? null : commit.tag(),
            commit == null ? null : commit.message(),
            commit == null ? null : commit.createdAt(),
            member.schema(),
            member.table(),
            snapshot == null ? null : snapshot.sequenceNumber(),
            summary(snapshot, "total-records"),
            summary(snapshot, "total-files-size"),
            media[0],
            media[1]
          });
    }
    return rows;
  }

  private static long summary(Snapshot snapshot, String key) {
    if (snapshot == null) {
      return 0;
    }
    return Long.parseLong(snapshot.summary().getOrDefault(key, "0"));
  }

  /** Distinct media objects the snapshot's rows reference, and their bytes (from their pins). */
  private static long[] media(Table table, Snapshot snapshot) {
    if (snapshot == null) {
      return new long[2];
    }
    Schema schema = TableVersions.schema(table, snapshot);
    List<NestedField> fields = schema.columns();
    List<String> columns = new ArrayList<>();
    for (int[] pair : IcebergSchemas.pinPositions(schema)) {
      columns.add(fields.get(pair[0]).name());
      columns.add(fields.get(pair[1]).name());
    }
    if (columns.isEmpty()) {
      return new long[2];
    }
    Set<String> seen = new HashSet<>();
    long bytes = 0;
    TableRowReader reader = new TableRowReader(table, schema, columns);
    try (CloseableIterator<Object[]> rows =
        reader.readAll(snapshot.snapshotId(), Expressions.alwaysTrue())) {
      while (rows.hasNext()) {
        Object[] row = rows.next();
        for (int i = 0; i < row.length; i += 2) {
          if (row[i] == null || row[i + 1] == null) {
            continue;
          }
          StoredPin pin = StoredPin.decode((String) row[i + 1]);
          if (!pin.isError() && seen.add(row[i] + "|" + pin.etag() + "|" + pin.versionId())) {
            bytes += pin.size();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new long[] {seen.size(), bytes};
  }
}
