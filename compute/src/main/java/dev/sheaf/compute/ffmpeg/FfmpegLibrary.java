package dev.sheaf.compute.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/**
 * FFmpeg's libraries through the bytedeco presets (linux-x86_64 natives in the classifier jar,
 * loaded by JavaCPP on first use). FFmpeg's own log is silenced: its errors reach users as Sheaf
 * errors with FFmpeg's text in the message.
 */
public final class FfmpegLibrary {
  /** {@code AVERROR(EAGAIN)} on Linux: the decoder wants more input. */
  static final int AGAIN = -11;

  private static volatile boolean loaded;

  private FfmpegLibrary() {}

  /** Loads the libraries once and turns FFmpeg's log off. */
  public static void load() {
    if (!loaded) {
      synchronized (FfmpegLibrary.class) {
        if (!loaded) {
          av_log_set_level(AV_LOG_QUIET);
          loaded = true;
        }
      }
    }
  }

  /** FFmpeg's text for an error code ("Invalid data found when processing input"). */
  static String describe(int code) {
    byte[] text = new byte[256];
    if (av_strerror(code, text, text.length) < 0) {
      return "FFmpeg error " + code;
    }
    int end = 0;
    while (end < text.length && text[end] != 0) {
      end++;
    }
    return new String(text, 0, end, StandardCharsets.UTF_8);
  }
}
