package dev.sheaf.planner.vector;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;

/**
 * A {@link KeyIndex} for one integer-like key column: an open-addressing table of the keys as longs
 * beside their numbers, so a lookup reads one or two array slots and compares a long (the byte keys
 * of {@link GroupTable} take several arrays and a byte comparison). NULL keys are the caller's to
 * leave out.
 */
final class LongKeys implements KeyIndex {
  private static final int EMPTY = 0; // numbers are stored plus one

  private long[] keys = new long[1024];
  private int[] numbers = new int[1024];
  private int count;

  /** Whether the vector's values are read as longs here. */
  static boolean reads(FieldVector vector) {
    return vector instanceof BigIntVector
        || vector instanceof IntVector
        || vector instanceof DateDayVector
        || vector instanceof TimeStampVector;
  }

  @Override
  public int groupOf(FieldVector[] vectors, int row) {
    long key = value(vectors[0], row);
    int mask = keys.length - 1;
    for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
      int number = numbers[slot];
      if (number == EMPTY) {
        numbers[slot] = ++count;
        keys[slot] = key;
        if (count * 2 > keys.length) {
          grow();
        }
        return -count; // -(number + 1) with number = count - 1
      }
      if (keys[slot] == key) {
        return number - 1;
      }
    }
  }

  @Override
  public int find(FieldVector[] vectors, int row) {
    long key = value(vectors[0], row);
    int mask = keys.length - 1;
    for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
      int number = numbers[slot];
      if (number == EMPTY) {
        return -1;
      }
      if (keys[slot] == key) {
        return number - 1;
      }
    }
  }

  private static long value(FieldVector vector, int row) {
    ArrowBuf data = vector.getDataBuffer();
    return vector instanceof IntVector || vector instanceof DateDayVector
        ? data.getInt((long) row * Integer.BYTES)
        : data.getLong((long) row * Long.BYTES);
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldNumbers = numbers;
    keys = new long[oldKeys.length * 2];
    numbers = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldNumbers[i] != EMPTY) {
        int slot = mix(oldKeys[i]) & mask;
        while (numbers[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        numbers[slot] = oldNumbers[i];
      }
    }
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29));
  }
}
