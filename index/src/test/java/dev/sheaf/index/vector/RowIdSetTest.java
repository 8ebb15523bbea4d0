package dev.sheaf.index.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowIdSetTest {
  @Test
  void denseAndSparseSetsAnswerAlike() {
    Random random = new Random(3);
    for (long spread : new long[] {2, 100, 1_000_000_000_000L}) {
      long[] ids = new long[1000];
      Set<Long> expected = new HashSet<>();
      for (int i = 0; i < ids.length; i++) {
        ids[i] = 5_000 + (long) (random.nextDouble() * spread * ids.length);
        expected.add(ids[i]);
      }
      RowIdSet set = RowIdSet.of(ids);
      assertThat(set.size()).isEqualTo(ids.length);
      for (int probe = 0; probe < 20_000; probe++) {
        long id = 4_000 + (long) (random.nextDouble() * (spread * ids.length + 2_000));
        assertThat(set.contains(id)).isEqualTo(expected.contains(id));
      }
      for (long id : ids) {
        assertThat(set.contains(id)).isTrue();
      }
      assertThat(set.contains(-1)).isFalse();
      assertThat(set.contains(Long.MAX_VALUE)).isFalse();
    }
    assertThat(RowIdSet.of(new long[0]).contains(0)).isFalse();
  }
}
