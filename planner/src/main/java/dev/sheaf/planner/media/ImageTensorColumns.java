package dev.sheaf.planner.media;

import dev.sheaf.compute.image.ImageLimits;
import dev.sheaf.compute.image.TensorLayout;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.TensorType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * The tensor type of a result column that is a {@code to_tensor(img, h, w [, layout])} call: its
 * shape comes from the call's arguments, which must then be constants (a column's Arrow type is
 * fixed before its first row). A call nested in another expression stays VARBINARY (the raw
 * elements).
 */
public final class ImageTensorColumns {
  private ImageTensorColumns() {}

  /** The tensor type of field {@code field} of a query's top relation, or null when it is none. */
  public static TensorType of(RelNode top, int field) {
    RelNode rel = top;
    while (rel instanceof Sort || rel instanceof Filter) {
      rel = rel.getInput(0);
    }
    if (!(rel instanceof Project project)) {
      return null;
    }
    return of(project.getProjects().get(field));
  }

  static TensorType of(RexNode expression) {
    TensorType audio = AudioTensorColumns.of(expression);
    if (audio != null) {
      return audio;
    }
    if (!(expression instanceof RexCall call)
        || !call.getOperator().getName().toLowerCase(Locale.ROOT).equals("to_tensor")) {
      return null;
    }
    List<RexNode> operands = call.getOperands();
    int height = constant(operands.get(1), "height");
    int width = constant(operands.get(2), "width");
    TensorLayout layout =
        operands.size() > 3 ? TensorLayout.parse(text(operands.get(3))) : TensorLayout.UINT8_HWC;
    ImageLimits.checkTensor(height, width);
    TensorType.Element element =
        layout == TensorLayout.UINT8_HWC ? TensorType.Element.UINT8 : TensorType.Element.FLOAT32;
    return new TensorType(element, Arrays.stream(layout.shape(height, width)).boxed().toList());
  }

  private static int constant(RexNode operand, String name) {
    if (operand instanceof RexLiteral literal && literal.getValueAs(Integer.class) != null) {
      return literal.getValueAs(Integer.class);
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot type to_tensor's result: its %s must be a constant (the tensor's shape is the"
            + " column's type), found %s",
        name,
        operand);
  }

  private static String text(RexNode operand) {
    if (operand instanceof RexLiteral literal && literal.getValueAs(String.class) != null) {
      return literal.getValueAs(String.class);
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot type to_tensor's result: its layout must be a constant ('uint8_hwc' or"
            + " 'float_chw'), found %s",
        operand);
  }
}
