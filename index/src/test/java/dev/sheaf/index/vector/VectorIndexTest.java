package dev.sheaf.index.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorIndexTest {
  private static final int DIMENSION = 32;

  @TempDir Path directory;

  /** Rows in clusters around 20 random centres, 500 rows per file, row ids 0.. in order. */
  private static List<FileVectors> clustered(int files, long seed) {
    Random random = new Random(seed);
    float[][] centres = new float[20][DIMENSION];
    for (float[] centre : centres) {
      for (int d = 0; d < DIMENSION; d++) {
        centre[d] = (float) random.nextGaussian();
      }
    }
    List<FileVectors> result = new ArrayList<>();
    long rowId = 0;
    for (int f = 0; f < files; f++) {
      long[] ids = new long[500];
      float[][] vectors = new float[500][];
      for (int i = 0; i < 500; i++) {
        ids[i] = rowId++;
        float[] centre = centres[random.nextInt(centres.length)];
        vectors[i] = new float[DIMENSION];
        for (int d = 0; d < DIMENSION; d++) {
          vectors[i][d] = centre[d] + 0.3f * (float) random.nextGaussian();
        }
      }
      vectors[7] = null;
      result.add(new FileVectors("file-" + f, ids, vectors));
    }
    return result;
  }

  private static List<Long> exact(
      List<FileVectors> files, float[] query, int k, java.util.function.LongPredicate keep) {
    record Row(long id, double distance) {}
    List<Row> rows = new ArrayList<>();
    for (FileVectors file : files) {
      for (int i = 0; i < file.rowIds().length; i++) {
        float[] v = file.vectors()[i];
        if (v != null && keep.test(file.rowIds()[i])) {
          double d = 0;
          for (int j = 0; j < DIMENSION; j++) {
            d += (v[j] - query[j]) * (v[j] - query[j]);
          }
          rows.add(new Row(file.rowIds()[i], d));
        }
      }
    }
    rows.sort(Comparator.comparingDouble(Row::distance));
    return rows.stream().limit(k).map(Row::id).toList();
  }

  private static Map<String, LongPredicate> names(List<FileVectors> files) {
    Map<String, LongPredicate> names = new HashMap<>();
    files.forEach(f -> names.put(f.file(), VectorSearch.NOTHING_HIDDEN));
    return names;
  }

  @Test
  void recallAgainstExactAndFilteredSearchesReturnKRows() {
    List<FileVectors> files = clustered(8, 42);
    try (VectorIndex index =
        VectorIndex.open(directory, new HnswSettings(VectorMetric.L2, DIMENSION, 16, 100))) {
      index.add(files);
      assertThat(index.rows()).isEqualTo(8 * 499);
      Random random = new Random(7);
      int found = 0;
      for (int q = 0; q < 50; q++) {
        float[] query = files.get(random.nextInt(8)).vectors()[random.nextInt(7)].clone();
        query[0] += 0.1f;
        List<Long> truth = exact(files, query, 10, id -> true);
        List<VectorHit> hits = index.search(new VectorSearch(query, 10, 64, names(files), null));
        found += (int) hits.stream().filter(h -> truth.contains(h.rowId())).count();
      }
      assertThat(found / 500.0).isGreaterThanOrEqualTo(0.9);

      float[] query = files.get(0).vectors()[0];
      for (int modulus : new int[] {2, 10, 100, 1000}) {
        long[] kept =
            IntStream.range(0, 4000).filter(i -> i % modulus == 3).asLongStream().toArray();
        List<VectorHit> hits =
            index.search(new VectorSearch(query, 10, 64, names(files), RowIdSet.of(kept)));
        Set<Long> keptSet = new HashSet<>();
        for (long id : kept) {
          keptSet.add(id);
        }
        List<Long> truth = exact(files, query, 10, keptSet::contains);
        assertThat(hits).hasSize(Math.min(10, truth.size()));
        assertThat(hits).allMatch(h -> keptSet.contains(h.rowId()));
        if (modulus >= 100) {
          // few enough rows pass that Lucene searches them exactly
          assertThat(hits.stream().map(VectorHit::rowId).toList()).isEqualTo(truth);
        }
      }
    }
  }

  @Test
  void searchesSeeOnlyTheFilesOfTheirVersionAndSurviveReopening() {
    List<FileVectors> files = clustered(2, 1);
    HnswSettings settings = new HnswSettings(VectorMetric.COSINE, DIMENSION, 8, 50);
    float[] query = files.get(1).vectors()[3];
    try (VectorIndex index = VectorIndex.open(directory, settings)) {
      index.add(files);
      List<VectorHit> onlySecond =
          index.search(
              new VectorSearch(query, 5, 20, Map.of("file-1", VectorSearch.NOTHING_HIDDEN), null));
      assertThat(onlySecond).hasSize(5).allMatch(h -> h.file().equals("file-1"));
      assertThat(onlySecond.get(0).rowId()).isEqualTo(503);
      assertThat(onlySecond.get(0).position()).isEqualTo(3);
      assertThat(
              index.search(
                  new VectorSearch(
                      query, 5, 20, Map.of("file-0", VectorSearch.NOTHING_HIDDEN), null)))
          .allMatch(h -> h.file().equals("file-0"));
      assertThat(index.retainOnly(Set.of("file-0"))).isEqualTo(1);
    }
    try (VectorIndex reopened = VectorIndex.open(directory, settings)) {
      assertThat(reopened.files()).containsExactly("file-0");
      assertThat(reopened.rows()).isEqualTo(499);
      assertThat(
              reopened.search(
                  new VectorSearch(
                      query, 5, 20, Map.of("file-1", VectorSearch.NOTHING_HIDDEN), null)))
          .isEmpty();
    }
  }

  @Test
  void badSettingsAndDimensions() {
    assertThatThrownBy(() -> VectorMetric.parse("hamming"))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("'cosine', 'dot' or 'l2'");
    assertThatThrownBy(() -> new HnswSettings(VectorMetric.L2, 4, 1000, 100))
        .hasMessageContaining("m = 1000");
    try (VectorIndex index =
        VectorIndex.open(directory, new HnswSettings(VectorMetric.DOT, 4, 16, 100))) {
      assertThatThrownBy(() -> index.search(new VectorSearch(new float[3], 1, 1, Map.of(), null)))
          .isInstanceOfSatisfying(
              SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH));
    }
  }
}
