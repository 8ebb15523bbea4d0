package dev.sheaf.compute.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.sheaf.compute.image.ImageEncoder;
import dev.sheaf.compute.image.ImageEncoding;
import dev.sheaf.compute.image.ImageMode;
import dev.sheaf.compute.image.ImagePixels;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Turns decoded video frames into 8-bit RGB pixels (swscale, same size) and PNG bytes through
 * Sheaf's image encoder, so a frame is an image like any other.
 */
final class FrameConverter implements AutoCloseable {
  private SwsContext scaler;
  private BytePointer buffer;
  private int bufferBytes;

  ImagePixels pixels(AVFrame frame) {
    int width = frame.width();
    int height = frame.height();
    int stride = width * 3;
    scaler =
        sws_getCachedContext(
            scaler,
            width,
            height,
            frame.format(),
            width,
            height,
            AV_PIX_FMT_RGB24,
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    if (scaler == null) {
      throw new IllegalStateException("swscale cannot convert pixel format " + frame.format());
    }
    int bytes = stride * height;
    if (buffer == null || bufferBytes < bytes) {
      if (buffer != null) {
        buffer.close();
      }
      buffer = new BytePointer(bytes);
      bufferBytes = bytes;
    }
    try (PointerPointer<BytePointer> planes = new PointerPointer<>(buffer, null, null, null);
        IntPointer strides = new IntPointer(stride, 0, 0, 0)) {
      sws_scale(scaler, frame.data(), frame.linesize(), 0, height, planes, strides);
    }
    byte[] data = new byte[bytes];
    buffer.position(0).get(data, 0, bytes);
    return new ImagePixels(width, height, ImageMode.RGB, data);
  }

  byte[] png(AVFrame frame) {
    return ImageEncoder.encode(pixels(frame).toImage(), ImageEncoding.PNG);
  }

  @Override
  public void close() {
    if (scaler != null) {
      sws_freeContext(scaler);
      scaler = null;
    }
    if (buffer != null) {
      buffer.close();
      buffer = null;
    }
  }
}
