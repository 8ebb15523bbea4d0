package dev.sheaf.planner.model;

import dev.sheaf.planner.media.MediaAccess;
import dev.sheaf.planner.media.MediaCellErrors;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;

/** The static methods the generated code of model functions calls (see {@link ModelFunction}). */
public final class ModelCalls {
  private ModelCalls() {}

  /** {@code embed_text(model, text)}: the text's unit vector, as Calcite's ARRAY of REAL. */
  public static List<Float> embedText(DataContext context, String model, String text) {
    return new FloatList(ModelAccess.of(context).embed(model, text));
  }

  /** {@code clip_text(model, text)}: the text's unit vector in the clip model's space. */
  public static List<Float> clipText(DataContext context, String model, String text) {
    return new FloatList(ModelAccess.of(context).clipText(model, text));
  }

  /**
   * {@code clip_image(model, img)}: the unit vector of the image of a media cell. A cell that
   * cannot be read or decoded is NULL (its error in a computed column's error column, or with
   * try_error), as for the media functions.
   */
  public static List<Float> clipImage(DataContext context, String model, String cell) {
    MediaAccess media = MediaAccess.of(context);
    ModelAccess models = ModelAccess.of(context);
    float[] vector = MediaCellErrors.cell(media, () -> models.clipImage(media, model, cell));
    return vector == null ? null : new FloatList(vector);
  }

  /**
   * {@code clip_image(model, bytes)}: the unit vector of an encoded image held in a VARBINARY value
   * (not batched in computed columns); bytes that are no image give NULL (the cell's error in a
   * computed column).
   */
  public static List<Float> clipImageBytes(DataContext context, String model, ByteString bytes) {
    MediaAccess media = MediaAccess.of(context);
    ModelAccess models = ModelAccess.of(context);
    float[] vector =
        MediaCellErrors.cell(
            media,
            () -> models.models().clip(model).embedImage("the image bytes", bytes.getBytes()));
    return vector == null ? null : new FloatList(vector);
  }

  /** The engine's built-in OCR model, for {@code ocr(img)} (a media function). */
  public static dev.sheaf.compute.model.OcrModel ocrModel(DataContext context) {
    return ModelAccess.of(context).models().registry().ocr();
  }

  /** The text a computed column's batch read ahead for {@code ocr(cell)}, or null. */
  public static String ocrAhead(DataContext context, String cell) {
    ModelAccess models = ModelAccess.of(context);
    return models == null || cell == null ? null : models.ocrText(cell);
  }

  /** A float[] seen as a List of Float without copying (Calcite's value for an ARRAY). */
  private static final class FloatList extends AbstractList<Float> implements RandomAccess {
    private final float[] values;

    FloatList(float[] values) {
      this.values = values;
    }

    @Override
    public Float get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}
