package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.planner.exec.TableIngest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bulk-ingested table whose {@code label} column its files store as dictionary pages (read back
 * as Arrow dictionaries): every path that reads it sees the same strings, whether it decodes them
 * for all rows (row engine, plain scans) or only for the rows a filter keeps (vectorized scans and
 * aggregates), and filters on the column itself still work in the Parquet reader.
 */
class DictionaryStringsTest extends EngineTestCase {
  private static final int BATCHES = 3;
  private static final int ROWS = 5_000;
  private static final String[] LABELS = {"cat", "dog", "bird", "fish"};

  @BeforeEach
  void ingest() throws IOException {
    update("CREATE TABLE pets (id BIGINT, label VARCHAR)");
    try (Pets pets = new Pets(engine.allocator())) {
      engine.ingest(null, "pets", pets, TableIngest.Mode.APPEND);
    }
  }

  private static String label(long id) {
    return id % 11 == 0 ? null : LABELS[(int) (id % LABELS.length)];
  }

  @Test
  void everyReaderSeesTheSameStrings() {
    List<List<Object>> all = query("SELECT id, label FROM pets");
    assertThat(all).hasSize(BATCHES * ROWS);
    for (List<Object> row : all) {
      assertThat(row.get(1)).isEqualTo(label((Long) row.get(0)));
    }
    for (List<Object> row : query("SELECT id, label FROM pets WHERE id < 300 OR id > 14900")) {
      assertThat(row.get(1))
          .as("late-decoded label of %s", row.get(0))
          .isEqualTo(label((Long) row.get(0)));
    }
    assertThat(query("SELECT label FROM pets ORDER BY id DESC LIMIT 3"))
        .containsExactly(
            java.util.Collections.singletonList(label(14_999)),
            java.util.Collections.singletonList(label(14_998)),
            java.util.Collections.singletonList(label(14_997)));
  }

  @Test
  void filtersAndGroupsOnTheColumn() {
    Map<String, Long> expected = new TreeMap<>();
    long cats = 0;
    for (long id = 0; id < BATCHES * ROWS; id++) {
      String label = label(id);
      if (id >= 1000 && label != null) {
        expected.merge(label, 1L, Long::sum);
      }
      cats += "cat".equals(label) ? 1 : 0;
    }
    assertThat(query("SELECT COUNT(*) FROM pets WHERE label = 'cat'"))
        .containsExactly(List.of(cats));
    Map<String, Long> grouped = new TreeMap<>();
    for (List<Object> row :
        query(
            "SELECT label, COUNT(*) FROM pets WHERE id >= 1000 AND label IS NOT NULL"
                + " GROUP BY label")) {
      grouped.put((String) row.get(0), (Long) row.get(1));
    }
    assertThat(grouped).isEqualTo(expected);
    update("DELETE FROM pets WHERE label = 'dog'");
    assertThat(query("SELECT COUNT(*) FROM pets WHERE label = 'dog'")).containsExactly(List.of(0L));
    assertThat(query("SELECT label, COUNT(*) FROM pets WHERE id >= 1000 GROUP BY label"))
        .noneMatch(row -> "dog".equals(row.get(0)));
  }

  /** Three batches of ids 0..14,999 with a label of four values (every 11th NULL). */
  private static final class Pets extends ArrowReader {
    private int batch;

    Pets(BufferAllocator allocator) {
      super(allocator);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (batch == BATCHES) {
        return false;
      }
      VectorSchemaRoot root = getVectorSchemaRoot();
      root.allocateNew();
      BigIntVector ids = (BigIntVector) root.getVector(0);
      VarCharVector labels = (VarCharVector) root.getVector(1);
      for (int i = 0; i < ROWS; i++) {
        long id = (long) batch * ROWS + i;
        ids.setSafe(i, id);
        String label = label(id);
        if (label != null) {
          labels.setSafe(i, label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      root.setRowCount(ROWS);
      batch++;
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return new Schema(
          List.of(
              new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("label", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    }
  }
}
