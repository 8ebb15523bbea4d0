package dev.sheaf.compute.model;

/**
 * Texts tokenized for one model call: {@code rows} sequences padded to {@code length} tokens,
 * row-major ({@code ids[row * length + position]}); padding has id 0 and mask 0.
 */
record TokenBatch(int rows, int length, long[] ids, long[] mask, long[] types) {
  TokenBatch {
    int cells = rows * length;
    if (ids.length != cells || mask.length != cells || types.length != cells) {
      throw new IllegalArgumentException("token arrays do not hold " + rows + " x " + length);
    }
  }
}
