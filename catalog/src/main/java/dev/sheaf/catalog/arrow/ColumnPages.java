package dev.sheaf.catalog.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.apache.parquet.bytes.ByteBufferReleaser;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One flat column chunk of a row group read at chosen rows only, for the point lookup: the page
 * that holds a row is found from the pages' first row indexes, and the value is taken straight from
 * the page's bytes: the definition levels and the dictionary ids are walked run by run (a
 * bit-packed run is indexed, not decoded) and a dictionary entry or PLAIN value is read where it
 * lies. parquet-java's column reader would decode the whole dictionary and every value before the
 * row. Pages in an encoding other than PLAIN or dictionary make {@link #valueAt} throw {@link
 * Unsupported}, and the file goes to Arrow's reader.
 */
final class ColumnPages implements AutoCloseable {
  /** A page this reader does not decode. */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  private final LookupColumn column;
  private final PageReader pages;
  private final ByteBufferReleaser releaser =
      new ByteBufferReleaser(HeapByteBufferAllocator.getInstance());
  private final int maxDefinition;
  private ByteBuffer dictionary;
  private int dictionarySize;
  private int[] dictionaryOffsets;
  private boolean[] passes;
  private LongPredicate longTest;
  private boolean anyPasses;
  private boolean dictionaryRead;

  private long pageFirstRow = -1;
  private long pageRows;
  private long nextFirstRow;
  private Runs definitions;
  private Runs ids;
  private ByteBuffer values;
  private Encoding encoding;
  private int plainIndex;
  private int plainOffset;

  ColumnPages(LookupColumn column, PageReader pages) {
    this.column = column;
    this.pages = pages;
    this.maxDefinition = column.descriptor().getMaxDefinitionLevel();
    if (maxDefinition > 1 || column.descriptor().getMaxRepetitionLevel() > 0) {
      throw new Unsupported("not a flat column");
    }
  }

  /** The value at a row of the row group (null for NULL); rows must come in ascending order. */
  Object valueAt(long row) {
    while (pageFirstRow < 0 || row >= pageFirstRow + pageRows) {
      nextPage();
    }
    if (row < pageFirstRow) {
      throw new IllegalStateException("row " + row + " is in no page read");
    }
    int index = (int) (row - pageFirstRow);
    int present = index;
    if (maxDefinition > 0) {
      long walked = definitions.advance(index);
      if ((int) walked == 0) {
        return null;
      }
      present = (int) (walked >>> 32);
    }
    if (ids != null) {
      return dictionaryValue((int) ids.advance(present));
    }
    if (encoding == Encoding.PLAIN) {
      return plain(values, present);
    }
    throw new Unsupported("values encoded " + encoding);
  }

  private Object dictionaryValue(int id) {
    ByteBuffer entries = dictionary();
    if (column.descriptor().getPrimitiveType().getPrimitiveTypeName()
        != PrimitiveType.PrimitiveTypeName.BINARY) {
      return fixed(entries, id);
    }
    if (dictionaryOffsets == null) {
      dictionaryOffsets = new int[dictionarySize];
      int at = 0;
      for (int i = 0; i < dictionarySize; i++) {
        dictionaryOffsets[i] = at;
        at += 4 + entries.getInt(at);
      }
    }
    return binaryAt(entries, dictionaryOffsets[id]);
  }

  private void readDictionary() {
    if (!dictionaryRead) {
      dictionaryRead = true;
      DictionaryPage page = pages.readDictionaryPage();
      if (page != null) {
        dictionary = buffer(page.getBytes());
        dictionarySize = page.getDictionarySize();
      }
    }
  }

  /**
   * Adds to {@code matching} the positions in {@code rows} (row-group rows, ascending) whose value
   * passes {@code test}, and their values to {@code values}. On a dictionary-encoded page each
   * dictionary entry is tested once ({@code longTest}, when not null, tests an integer entry
   * without boxing it), and a page none of whose entries passes is not walked.
   */
  void select(
      long[] rows,
      Predicate<Object> test,
      LongPredicate longTest,
      List<Integer> matching,
      List<Object> values) {
    this.longTest = longTest;
    boolean nullPasses = test.test(null);
    for (int i = 0; i < rows.length; i++) {
      long row = rows[i];
      while (pageFirstRow < 0 || row >= pageFirstRow + pageRows) {
        nextPage();
      }
      if (ids != null && !nullPasses && !anyEntryPasses(test)) {
        // nothing on this page passes: on to the first row past it
        long end = pageFirstRow + pageRows;
        while (i + 1 < rows.length && rows[i + 1] < end) {
          i++;
        }
        continue;
      }
      Object value;
      if (ids != null) {
        int index = (int) (row - pageFirstRow);
        int present = index;
        if (maxDefinition > 0) {
          long walked = definitions.advance(index);
          if ((int) walked == 0) {
            if (nullPasses) {
              matching.add(i);
              values.add(null);
            }
            continue;
          }
          present = (int) (walked >>> 32);
        }
        int id = (int) ids.advance(present);
        if (!entryPasses(id, test)) {
          continue;
        }
        value = dictionaryValue(id);
      } else {
        value = valueAt(row);
        if (!test.test(value)) {
          continue;
        }
      }
      matching.add(i);
      values.add(value);
    }
  }

  private boolean anyEntryPasses(Predicate<Object> test) {
    testEntries(test);
    return anyPasses;
  }

  private boolean entryPasses(int id, Predicate<Object> test) {
    testEntries(test);
    return passes[id];
  }

  /** Tests every dictionary entry once. */
  private void testEntries(Predicate<Object> test) {
    if (passes == null) {
      dictionary();
      passes = new boolean[dictionarySize];
      PrimitiveType.PrimitiveTypeName type =
          column.descriptor().getPrimitiveType().getPrimitiveTypeName();
      for (int id = 0; id < dictionarySize; id++) {
        if (longTest != null && type == PrimitiveType.PrimitiveTypeName.INT64) {
          passes[id] = longTest.test(dictionary.getLong(8 * id));
        } else if (longTest != null && type == PrimitiveType.PrimitiveTypeName.INT32) {
          passes[id] = longTest.test(dictionary.getInt(4 * id));
        } else {
          passes[id] = test.test(dictionaryValue(id));
        }
        anyPasses |= passes[id];
      }
    }
  }

  private ByteBuffer dictionary() {
    readDictionary();
    if (dictionary == null) {
      throw new Unsupported("dictionary-encoded page without a dictionary");
    }
    return dictionary;
  }

  private void nextPage() {
    readDictionary(); // a column chunk's dictionary page comes before its data pages
    DataPage page = pages.readPage();
    if (page == null) {
      throw new IllegalStateException("the column chunk ended before the row");
    }
    pageFirstRow = page.getFirstRowIndex().orElse(nextFirstRow);
    switch (page) {
      case DataPageV1 v1 -> {
        pageRows = v1.getValueCount();
        ByteBuffer bytes = buffer(v1.getBytes());
        int start = 0;
        if (maxDefinition > 0) {
          if (v1.getDlEncoding() != Encoding.RLE) {
            throw new Unsupported("definition levels encoded " + v1.getDlEncoding());
          }
          int length = bytes.getInt(0);
          definitions = new Runs(bytes.slice(4, length).order(ByteOrder.LITTLE_ENDIAN), 0, 1);
          start = 4 + length;
        }
        values = bytes.slice(start, bytes.limit() - start).order(ByteOrder.LITTLE_ENDIAN);
        encoding = v1.getValueEncoding();
      }
      case DataPageV2 v2 -> {
        pageRows = v2.getRowCount();
        definitions = maxDefinition > 0 ? new Runs(buffer(v2.getDefinitionLevels()), 0, 1) : null;
        values = buffer(v2.getData());
        encoding = v2.getDataEncoding();
      }
      default -> throw new Unsupported("page " + page);
    }
    nextFirstRow = pageFirstRow + pageRows;
    plainIndex = 0;
    plainOffset = 0;
    ids = encoding.usesDictionary() ? new Runs(values, 1, values.get(0) & 0xFF) : null;
  }

  private ByteBuffer buffer(BytesInput bytes) {
    return bytes.toByteBuffer(releaser).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void close() {
    releaser.close();
  }

  /** The {@code index}-th PLAIN-encoded value of the page (indexes ascending). */
  private Object plain(ByteBuffer bytes, int index) {
    if (column.descriptor().getPrimitiveType().getPrimitiveTypeName()
        != PrimitiveType.PrimitiveTypeName.BINARY) {
      return fixed(bytes, index);
    }
    for (; plainIndex < index; plainIndex++) {
      plainOffset += 4 + bytes.getInt(plainOffset);
    }
    return binaryAt(bytes, plainOffset);
  }

  private static byte[] binaryAt(ByteBuffer bytes, int at) {
    byte[] value = new byte[bytes.getInt(at)];
    bytes.get(at + 4, value);
    return value;
  }

  /** The {@code index}-th PLAIN-encoded value of a fixed-width type, as LookupColumn gives. */
  private Object fixed(ByteBuffer bytes, int index) {
    PrimitiveType type = column.descriptor().getPrimitiveType();
    return switch (type.getPrimitiveTypeName()) {
      case INT64 -> bytes.getLong(8 * index);
      case INT32 -> bytes.getInt(4 * index);
      case FLOAT -> bytes.getFloat(4 * index);
      case DOUBLE -> bytes.getDouble(8 * index);
      case BOOLEAN -> ((bytes.get(index / 8) >>> (index % 8)) & 1) == 1;
      case FIXED_LEN_BYTE_ARRAY -> {
        int length = type.getTypeLength();
        byte[] value = new byte[length];
        bytes.get(length * index, value);
        yield value;
      }
      case BINARY, INT96 -> throw new Unsupported(type.getPrimitiveTypeName() + " values");
    };
  }

  /**
   * A walk along Parquet's RLE / bit-packing hybrid runs of {@code width}-bit values, to ascending
   * indexes: a run before the index is stepped over by its header (a bit-packed run is indexed, not
   * decoded), so a walk over a page costs its runs plus, for definition levels, the bits it passes.
   */
  static final class Runs {
    private final ByteBuffer bytes;
    private final int width;
    private final int valueBytes;
    private int next; // where the next run's header is
    private int runStart = 0; // index of the current run's first value
    private int runCount = 0;
    private boolean packed;
    private int runValue;
    private int runData;
    private long onesBeforeRun;
    private int counted; // offset in a packed run up to which ones are counted
    private long onesCounted;

    Runs(ByteBuffer bytes, int start, int width) {
      this.bytes = bytes;
      this.width = width;
      this.valueBytes = (width + 7) / 8;
      this.next = start;
    }

    /**
     * The value at {@code index} in the low 32 bits; in the high 32 bits, for {@code width} 1
     * (definition levels of a flat column), how many values before it are 1 (present).
     */
    long advance(int index) {
      while (index >= runStart + runCount) {
        if (packed) {
          onesBeforeRun = onesCounted + (width == 1 ? bitsSet(counted, runCount) : 0);
        } else {
          onesBeforeRun += runValue == 1 ? runCount : 0;
        }
        runStart += runCount;
        readHeader();
      }
      int offset = index - runStart;
      if (!packed) {
        return ((onesBeforeRun + (runValue == 1 ? offset : 0)) << 32) | (runValue & 0xFFFFFFFFL);
      }
      if (width == 1) {
        onesCounted += bitsSet(counted, offset);
        counted = offset;
      }
      return (onesCounted << 32) | (bits(offset) & 0xFFFFFFFFL);
    }

    private void readHeader() {
      long header = 0;
      int shift = 0;
      int b;
      do {
        b = bytes.get(next++) & 0xFF;
        header |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      packed = (header & 1) == 1;
      if (packed) {
        runCount = (int) (header >>> 1) * 8;
        runData = next;
        next += runCount / 8 * width;
        counted = 0;
        onesCounted = onesBeforeRun;
      } else {
        runCount = (int) (header >>> 1);
        runValue = 0;
        for (int i = 0; i < valueBytes; i++) {
          runValue |= (bytes.get(next + i) & 0xFF) << (8 * i);
        }
        next += valueBytes;
      }
    }

    /** The {@code index}-th value of the current packed run, low bits first. */
    private int bits(int index) {
      long bit = (long) index * width;
      int first = runData + (int) (bit / 8);
      int shift = (int) (bit % 8);
      long word = 0;
      int needed = (shift + width + 7) / 8;
      for (int i = 0; i < needed; i++) {
        word |= (long) (bytes.get(first + i) & 0xFF) << (8 * i);
      }
      return (int) ((word >>> shift) & ((1L << width) - 1));
    }

    /** How many bits of the current packed run from offset {@code from} to {@code to} are set. */
    private long bitsSet(int from, int to) {
      long set = 0;
      int at = from;
      while (at < to && at % 8 != 0) {
        set += (bytes.get(runData + at / 8) >>> (at % 8)) & 1;
        at++;
      }
      while (at + 8 <= to) {
        set += Integer.bitCount(bytes.get(runData + at / 8) & 0xFF);
        at += 8;
      }
      while (at < to) {
        set += (bytes.get(runData + at / 8) >>> (at % 8)) & 1;
        at++;
      }
      return set;
    }
  }
}
