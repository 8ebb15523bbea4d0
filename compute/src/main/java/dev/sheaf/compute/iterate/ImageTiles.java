package dev.sheaf.compute.iterate;

import dev.sheaf.compute.image.ImageDecoder;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code image_tiles(size => 512, overlap => 64)}: the squares of {@code size} pixels an image is
 * cut into, row by row from the top left, each {@code size - overlap} pixels after the one before;
 * the last tile of a row or column ends at the image's edge (it is narrower when the image is not a
 * whole number of steps), so no tile reaches past the image. An image no larger than one tile is
 * one tile. Rows: {@code pos, x, y, width, height}; the payload {@code tile} is the crop, computed
 * when read. Only the header is decoded to make the rows.
 */
public final class ImageTiles implements MediaIterator {
  private static final SheafType INTEGER = SheafType.of(TypeKind.INTEGER);

  /** Tiles are at most this many pixels a side ({@code crop}'s output limit). */
  static final int MAX_SIZE = 4096;

  @Override
  public String name() {
    return "image_tiles";
  }

  @Override
  public TypeKind input() {
    return TypeKind.IMAGE;
  }

  @Override
  public List<IteratorParameter> parameters() {
    return List.of(
        new IteratorParameter("size", INTEGER, 512), new IteratorParameter("overlap", INTEGER, 0));
  }

  @Override
  public List<SheafColumn> columns(IteratorArguments arguments) {
    step(arguments);
    return List.of(
        new SheafColumn("pos", INTEGER, false),
        new SheafColumn("x", INTEGER, false),
        new SheafColumn("y", INTEGER, false),
        new SheafColumn("width", INTEGER, false),
        new SheafColumn("height", INTEGER, false));
  }

  @Override
  public void rows(MediaSource media, IteratorArguments arguments, RowSink out) throws IOException {
    int size = arguments.intValue("size");
    int step = step(arguments);
    byte[] bytes;
    try (InputStream input = media.open()) {
      bytes = input.readAllBytes();
    }
    int[] dimensions = ImageDecoder.size(media.uri(), bytes);
    int position = 0;
    for (int y : starts(dimensions[1], size, step)) {
      for (int x : starts(dimensions[0], size, step)) {
        int width = Math.min(size, dimensions[0] - x);
        int height = Math.min(size, dimensions[1] - y);
        out.accept(new Object[] {position++, x, y, width, height});
      }
    }
  }

  @Override
  public Optional<IteratorPayload> payload() {
    return Optional.of(
        new IteratorPayload(
            "tile", SheafType.of(TypeKind.IMAGE), "crop({input}, x, y, width, height)"));
  }

  /** The first pixel of each tile along a side of {@code length} pixels. */
  static int[] starts(int length, int size, int step) {
    if (length <= size) {
      return new int[] {0};
    }
    int count = (int) Math.ceil((double) (length - size) / step) + 1;
    int[] starts = new int[count];
    for (int i = 0; i < count; i++) {
      starts[i] = i * step;
    }
    return starts;
  }

  private static int step(IteratorArguments arguments) {
    int size = arguments.intValue("size");
    int overlap = arguments.intValue("overlap");
    if (size < 1 || size > MAX_SIZE) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot cut images into tiles of %d pixels: size must be 1 to %d",
          size,
          MAX_SIZE);
    }
    if (overlap < 0 || overlap >= size) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot cut images into tiles of %d pixels overlapping by %d: overlap must be 0 to"
              + " size - 1",
          size,
          overlap);
    }
    return size - overlap;
  }
}
