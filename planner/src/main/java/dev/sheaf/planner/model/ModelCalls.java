package dev.sheaf.planner.model;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.apache.calcite.DataContext;

/** The static methods the generated code of model functions calls (see {@link ModelFunction}). */
public final class ModelCalls {
  private ModelCalls() {}

  /** {@code embed_text(model, text)}: the text's unit vector, as Calcite's ARRAY of REAL. */
  public static List<Float> embedText(DataContext context, String model, String text) {
    return new FloatList(ModelAccess.of(context).embed(model, text));
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
