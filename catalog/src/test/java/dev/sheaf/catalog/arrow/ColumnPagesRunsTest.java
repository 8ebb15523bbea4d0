package dev.sheaf.catalog.arrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;

/**
 * The point lookup's walk along Parquet's RLE / bit-packing hybrid runs gives, at ascending
 * indexes, the values parquet-java's encoder wrote, and for 1-bit values (definition levels) how
 * many ones come before each index.
 */
class ColumnPagesRunsTest {
  @Test
  void walkingToAscendingIndexesGivesTheEncodedValues() throws IOException {
    Random random = new Random(42);
    for (int width : new int[] {0, 1, 3, 8, 15, 17}) {
      int count = 10_000;
      int[] values = new int[count];
      int max = width == 0 ? 0 : (1 << width) - 1;
      for (int i = 0; i < count; ) {
        // runs of repeats (RLE) mixed with noise (bit-packed)
        int value = max == 0 ? 0 : random.nextInt(max + 1);
        int length = random.nextBoolean() ? 1 + random.nextInt(40) : 1;
        for (int j = 0; j < length && i < count; j++, i++) {
          values[i] = random.nextInt(4) == 0 || max == 0 ? value : random.nextInt(max + 1);
        }
      }
      RunLengthBitPackingHybridEncoder encoder =
          new RunLengthBitPackingHybridEncoder(
              width, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
      for (int value : values) {
        encoder.writeInt(value);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      encoder.toBytes().writeAllTo(out);
      byte[] encoded = out.toByteArray();
      encoder.close();
      ByteBuffer bytes = ByteBuffer.allocate(encoded.length + 3).order(ByteOrder.LITTLE_ENDIAN);
      bytes.put(3, encoded); // a start past zero, as for dictionary ids after their width byte

      long[] onesBefore = new long[count];
      for (int i = 1; i < count; i++) {
        onesBefore[i] = onesBefore[i - 1] + (values[i - 1] == 1 ? 1 : 0);
      }
      ColumnPages.Runs runs = new ColumnPages.Runs(bytes, 3, width);
      for (int i = 0; i < count; i += 1 + random.nextInt(5)) {
        long walked = runs.advance(i);
        assertThat((int) walked).as("width %d, index %d", width, i).isEqualTo(values[i]);
        if (width == 1) {
          assertThat(walked >>> 32).as("ones before %d", i).isEqualTo(onesBefore[i]);
        }
      }
    }
  }
}
