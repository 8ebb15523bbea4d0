package dev.sheaf.planner.vector;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;

/**
 * The groups of a hash aggregate: each row's key columns are written as bytes (a null flag, then
 * the value's bytes: fixed-width values as stored, strings with their length) and looked up in an
 * open-addressing table; a new key gets the next group number. Floating keys are normalised first
 * (-0.0 is 0.0, every NaN is one NaN), so equal SQL values make one group; timestamps group by the
 * microsecond, or by the millisecond when Calcite's row engine (which holds milliseconds) reads the
 * groups. The key bytes of all groups live in one growing array, so the table holds no Java object
 * per group.
 */
final class GroupTable implements KeyIndex {
  private static final int EMPTY = -1;

  private final boolean millisecondTimestamps;

  private byte[] keyBytes = new byte[4096];
  private int keyBytesUsed;
  private int[] keyStart = new int[64];
  private int[] keyLength = new int[64];
  private int[] keyHash = new int[64];
  private int[] slots = filled(128);
  private int groups;
  private byte[] scratch = new byte[64];
  private int scratchLength;

  /**
   * @param millisecondTimestamps whether timestamps within one millisecond are one group: when
   *     Calcite's row engine, which holds milliseconds, reads the groups, they must have distinct
   *     keys there too
   */
  GroupTable(boolean millisecondTimestamps) {
    this.millisecondTimestamps = millisecondTimestamps;
  }

  /** How many groups there are so far. */
  int size() {
    return groups;
  }

  /**
   * The group of row {@code row} of the key columns, added when new.
   *
   * @return the group number, or {@code -(group + 1)} when the row made a new group
   */
  @Override
  public int groupOf(FieldVector[] keys, int row) {
    return lookUp(keys, row, true);
  }

  /**
   * The group of row {@code row} of the key columns (vectors of the same types as those the groups
   * were made from), or -1 when there is none; nothing is added.
   */
  @Override
  public int find(FieldVector[] keys, int row) {
    return lookUp(keys, row, false);
  }

  private int lookUp(FieldVector[] keys, int row, boolean add) {
    scratchLength = 0;
    for (FieldVector key : keys) {
      append(key, row);
    }
    int hash = hash(scratch, scratchLength);
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int group = slots[slot];
      if (group == EMPTY) {
        if (!add) {
          return EMPTY;
        }
        int added = add(hash);
        slots[slot] = added;
        if (groups * 2 > slots.length) {
          rehash();
        }
        return -(added + 1);
      }
      if (keyHash[group] == hash
          && Arrays.equals(
              keyBytes,
              keyStart[group],
              keyStart[group] + keyLength[group],
              scratch,
              0,
              scratchLength)) {
        return group;
      }
    }
  }

  private void append(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      reserve(1);
      scratch[scratchLength++] = 0;
      return;
    }
    if (vector instanceof Float8Vector doubles) {
      double value = doubles.get(row);
      putLong(Double.doubleToLongBits(value == 0.0 ? 0.0 : value));
    } else if (vector instanceof Float4Vector floats) {
      float value = floats.get(row);
      putLong(Float.floatToIntBits(value == 0.0f ? 0.0f : value));
    } else if (millisecondTimestamps && vector instanceof TimeStampMicroVector timestamps) {
      putLong(Math.floorDiv(timestamps.get(row), 1000L));
    } else if (vector instanceof BitVector bits) {
      reserve(2);
      scratch[scratchLength++] = 1;
      scratch[scratchLength++] = (byte) bits.get(row);
    } else if (vector instanceof BaseFixedWidthVector fixed) {
      int width = fixed.getTypeWidth();
      ArrowBuf data = fixed.getDataBuffer();
      if (width == Long.BYTES) {
        putLong(data.getLong((long) row * width)); // the stored bytes, without a memory copy call
      } else if (width == Integer.BYTES) {
        reserve(1 + width);
        scratch[scratchLength++] = 1;
        putInt(data.getInt((long) row * width));
      } else {
        reserve(1 + width);
        scratch[scratchLength++] = 1;
        data.getBytes((long) row * width, scratch, scratchLength, width);
        scratchLength += width;
      }
    } else if (vector instanceof BaseVariableWidthVector variable) {
      ArrowBuf offsets = variable.getOffsetBuffer();
      int start = offsets.getInt((long) row * BaseVariableWidthVector.OFFSET_WIDTH);
      int end = offsets.getInt((long) (row + 1) * BaseVariableWidthVector.OFFSET_WIDTH);
      int length = end - start;
      reserve(5 + length);
      scratch[scratchLength++] = 1;
      putInt(length);
      variable.getDataBuffer().getBytes(start, scratch, scratchLength, length);
      scratchLength += length;
    } else {
      throw new IllegalStateException("no group key form for " + vector.getField());
    }
  }

  private void putLong(long value) {
    reserve(9);
    scratch[scratchLength++] = 1;
    for (int shift = 0; shift < 64; shift += 8) {
      scratch[scratchLength++] = (byte) (value >>> shift);
    }
  }

  private void putInt(int value) {
    for (int shift = 0; shift < 32; shift += 8) {
      scratch[scratchLength++] = (byte) (value >>> shift);
    }
  }

  private void reserve(int more) {
    if (scratchLength + more > scratch.length) {
      scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchLength + more));
    }
  }

  private int add(int hash) {
    if (groups == keyStart.length) {
      int capacity = groups * 2;
      keyStart = Arrays.copyOf(keyStart, capacity);
      keyLength = Arrays.copyOf(keyLength, capacity);
      keyHash = Arrays.copyOf(keyHash, capacity);
    }
    if (keyBytesUsed + scratchLength > keyBytes.length) {
      keyBytes =
          Arrays.copyOf(keyBytes, Math.max(keyBytes.length * 2, keyBytesUsed + scratchLength));
    }
    System.arraycopy(scratch, 0, keyBytes, keyBytesUsed, scratchLength);
    keyStart[groups] = keyBytesUsed;
    keyLength[groups] = scratchLength;
    keyHash[groups] = hash;
    keyBytesUsed += scratchLength;
    return groups++;
  }

  private void rehash() {
    slots = filled(slots.length * 2);
    int mask = slots.length - 1;
    for (int group = 0; group < groups; group++) {
      int slot = keyHash[group] & mask;
      while (slots[slot] != EMPTY) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = group;
    }
  }

  private static int[] filled(int size) {
    int[] array = new int[size];
    Arrays.fill(array, EMPTY);
    return array;
  }

  private static int hash(byte[] bytes, int length) {
    long h = 0x9E3779B97F4A7C15L ^ length;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      long word = 0;
      for (int k = 7; k >= 0; k--) {
        word = (word << 8) | (bytes[i + k] & 0xFFL);
      }
      h = Long.rotateLeft(h ^ (word * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
    }
    for (; i < length; i++) {
      h = (h ^ (bytes[i] & 0xFFL)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (int) h;
  }
}
