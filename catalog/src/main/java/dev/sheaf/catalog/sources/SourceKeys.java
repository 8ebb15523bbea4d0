package dev.sheaf.catalog.sources;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A row's key as a comparable value: its key columns' values (byte arrays by content). */
public final class SourceKeys {
  private SourceKeys() {}

  public static List<Object> of(Object[] row, int[] positions) {
    List<Object> key = new ArrayList<>(positions.length);
    for (int position : positions) {
      Object value = row[position];
      key.add(value instanceof byte[] bytes ? new Bytes(bytes) : value);
    }
    return key;
  }

  /** Byte arrays compared by content. */
  record Bytes(byte[] value) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return Arrays.toString(value);
    }
  }
}
