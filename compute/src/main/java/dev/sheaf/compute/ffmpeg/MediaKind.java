package dev.sheaf.compute.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

/** The kind of stream a function reads from a container. */
public enum MediaKind {
  VIDEO(AVMEDIA_TYPE_VIDEO),
  AUDIO(AVMEDIA_TYPE_AUDIO);

  private final int mediaType;

  MediaKind(int mediaType) {
    this.mediaType = mediaType;
  }

  int mediaType() {
    return mediaType;
  }

  /** The word used in messages: "video", "audio". */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
