package dev.sheaf.compute.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * The presentation timestamps of every packet of a container's chosen stream, read by demuxing
 * alone (no decoding): for video one packet is one frame, so these are the frames' times, sorted
 * into presentation order, and their number is the exact frame count.
 *
 * @param timestamps presentation timestamps in stream ticks, ascending
 * @param endTicks where the last packet ends (its timestamp plus its duration), in stream ticks
 */
public record PacketIndex(long[] timestamps, long endTicks) {

  /** Demuxes the container's chosen stream from where it stands (call on a fresh container). */
  public static PacketIndex read(MediaContainer container) {
    AVPacket packet = av_packet_alloc();
    long[] times = new long[1024];
    int count = 0;
    long end = Long.MIN_VALUE;
    try {
      while (av_read_frame(container.context(), packet) >= 0) {
        try {
          if (packet.stream_index() != container.streamIndex()
              || (packet.flags() & AV_PKT_FLAG_DISCARD) != 0) {
            continue;
          }
          long time = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
          if (time == AV_NOPTS_VALUE) {
            continue;
          }
          if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
          }
          times[count++] = time;
          end = Math.max(end, time + Math.max(packet.duration(), 0));
        } finally {
          av_packet_unref(packet);
        }
      }
    } finally {
      av_packet_free(packet);
    }
    long[] sorted = Arrays.copyOf(times, count);
    Arrays.sort(sorted);
    return new PacketIndex(sorted, count == 0 ? 0 : end);
  }

  public int count() {
    return timestamps.length;
  }
}
