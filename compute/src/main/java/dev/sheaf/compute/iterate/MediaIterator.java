package dev.sheaf.compute.iterate;

import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One media cell to many rows: the frames of a video, the segments of a recording, the chunks of a
 * document, the tiles of an image. An iterator view ({@code CREATE VIEW v AS SELECT * FROM
 * TABLE(video_frames(TABLE videos, fps => 1))}) stores, per base row, the rows {@link #rows} gives:
 * the base row's key, then {@link #columns}. What is expensive to keep (a frame's pixels, a
 * segment's samples) is not in those rows: {@link #payload} names the SQL expression that computes
 * it from the base cell and the row's attributes, evaluated on demand or stored as the user asks.
 */
public interface MediaIterator {

  /** The SQL name, as in {@code TABLE(video_frames(...))}. */
  String name();

  /** The kind of media cell read: VIDEO, AUDIO, DOCUMENT or IMAGE. */
  TypeKind input();

  /** The named arguments, in the order a positional call gives them. */
  List<IteratorParameter> parameters();

  /**
   * The columns of each row after the base row's columns; the first is {@code pos} (INTEGER, 0 for
   * the first row of a cell, in the order of the media).
   */
  List<SheafColumn> columns(IteratorArguments arguments);

  /**
   * The rows of one cell, in position order, each in Sheaf's value form ({@code
   * dev.sheaf.spi.types.SheafValues}) for {@link #columns}. Bad media throws a {@code
   * SheafException} with a media error code; the caller keeps it as that base row's error. Called
   * for several cells at once from different threads (iterator views iterate base rows in
   * parallel), so an iterator keeps no state between calls.
   */
  void rows(MediaSource media, IteratorArguments arguments, RowSink out) throws IOException;

  /**
   * The payload column computed from the base cell on demand: its name, type and SQL expression,
   * where {@code {input}} stands for the base media column (e.g. {@code frame IMAGE AS
   * extract_frame({input}, frame_time)}). Empty when the rows carry everything.
   */
  default Optional<IteratorPayload> payload() {
    return Optional.empty();
  }

  /** Receives an iterator's rows. */
  @FunctionalInterface
  interface RowSink {
    void accept(Object[] row);
  }
}
