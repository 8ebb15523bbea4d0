package dev.sheaf.planner.media;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.TensorType;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * The tensor type of a result column that is an {@code audio_to_tensor(a, sample_rate, samples)}
 * call: float32 of shape {@code [samples]} (a constant: the column's type is fixed before its first
 * row). The two-argument form has a length per cell and stays VARBINARY.
 */
final class AudioTensorColumns {
  /** The most samples one tensor cell holds (16 MB of float32, one result batch). */
  static final int MAX_SAMPLES = 1 << 22;

  private AudioTensorColumns() {}

  static TensorType of(RexNode expression) {
    if (!(expression instanceof RexCall call)
        || !call.getOperator().getName().toLowerCase(Locale.ROOT).equals("audio_to_tensor")
        || call.getOperands().size() != 3) {
      return null;
    }
    if (!(call.getOperands().get(2) instanceof RexLiteral literal)
        || literal.getValueAs(Integer.class) == null) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot type audio_to_tensor's result: its samples must be a constant (the tensor's"
              + " shape is the column's type), found %s",
          call.getOperands().get(2));
    }
    int samples = literal.getValueAs(Integer.class);
    checkLength(samples);
    return new TensorType(TensorType.Element.FLOAT32, List.of(samples));
  }

  static void checkLength(int samples) {
    if (samples < 1 || samples > MAX_SAMPLES) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot make an audio tensor of %d samples: give 1 to %d",
          samples,
          MAX_SAMPLES);
    }
  }
}
