package dev.sheaf.catalog.arrow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.arrow.RowFilter.Operator;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

/** Which parts of a filter go to Arrow's scanner, and over which base schema. */
class SubstraitFilterTest {
  private static final Field ID = field("id", new ArrowType.Int(64, true));
  private static final Field SCORE =
      field("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
  private static final Field BUCKET = field("bucket", new ArrowType.Int(32, true));
  private static final Field LABEL = field("label", new ArrowType.Utf8());
  private static final List<Field> FILE = List.of(ID, SCORE, BUCKET, LABEL);

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  private static SubstraitFilter of(RowFilter filter) {
    Map<Integer, Field> byId = new HashMap<>();
    for (int i = 0; i < FILE.size(); i++) {
      byId.put(i + 1, FILE.get(i));
    }
    return SubstraitFilter.of(filter, FILE, byId);
  }

  private static RowFilter compare(int fieldId, Operator operator, Object value) {
    return new RowFilter.Compare(fieldId, operator, value);
  }

  @Test
  void conjunctsWithoutANativeFormStayBehind() {
    RowFilter bucket = compare(3, Operator.LESS, 10L);
    RowFilter filter =
        new RowFilter.And(
            List.of(
                bucket,
                new RowFilter.IsNull(2, false), // a DOUBLE column
                compare(9, Operator.EQUAL, 1L))); // a column the file lacks
    SubstraitFilter pushed = of(filter);
    assertThat(pushed.pushed()).isEqualTo(bucket);
    // Substrait names columns by position: the base schema is the file's prefix up to bucket
    assertThat(pushed.columns()).containsExactly(ID, SCORE, BUCKET);
    ByteBuffer bytes = pushed.encode();
    assertThat(bytes.isDirect()).isTrue();
    assertThat(bytes.remaining()).isGreaterThan(0);
  }

  @Test
  void otherShapesGoDownWholeOrNotAtAll() {
    RowFilter label = compare(4, Operator.EQUAL, "cat");
    RowFilter or = new RowFilter.Or(List.of(label, new RowFilter.IsNull(2, true)));
    assertThat(of(or)).isNull();
    assertThat(
            of(new RowFilter.Not(new RowFilter.And(List.of(label, new RowFilter.IsNull(2, true))))))
        .isNull();
    RowFilter exact =
        new RowFilter.Not(new RowFilter.Or(List.of(label, new RowFilter.IsNull(3, false))));
    assertThat(of(exact).pushed()).isEqualTo(exact);
    assertThat(of(exact).columns()).containsExactly(ID, SCORE, BUCKET, LABEL);
  }

  @Test
  void literalsMustFitTheColumnType() {
    assertThat(of(compare(3, Operator.LESS, 3_000_000_000L))).isNull();
    assertThat(of(compare(3, Operator.LESS, "10"))).isNull();
    assertThat(of(compare(1, Operator.GREATER, 3_000_000_000L))).isNotNull();
    assertThat(of(compare(4, Operator.GREATER_OR_EQUAL, "b"))).isNotNull();
  }
}
