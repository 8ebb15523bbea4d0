package dev.sheaf.catalog.computed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputedColumnsFormatTest {
  @Test
  void storedColumnsKeepFormatOneAndVirtualOnesWriteTwo() {
    ComputedColumn stored =
        new ComputedColumn("shout", "upper(caption) || '\t!'", true, List.of("caption"), false);
    ComputedColumn virtual = new ComputedColumn("area", "w * h", false, List.of("w", "h"), true);
    // a server that reads only version 1 still reads tables without VIRTUAL columns
    assertThat(ComputedColumns.encode(stored))
        .isEqualTo("1\tABORT\tcaption\tupper(caption) || '\t!'");
    assertThat(ComputedColumns.encode(virtual)).isEqualTo("2\tNULL\tVIRTUAL\tw,h\tw * h");
    assertThat(ComputedColumns.decode("shout", ComputedColumns.encode(stored))).isEqualTo(stored);
    assertThat(ComputedColumns.decode("area", ComputedColumns.encode(virtual))).isEqualTo(virtual);
    ComputedColumn noInputs = new ComputedColumn("one", "1", false, List.of(), true);
    assertThat(ComputedColumns.decode("one", ComputedColumns.encode(noInputs))).isEqualTo(noInputs);
    assertThatThrownBy(() -> ComputedColumns.decode("x", "3\tNULL\tx\t1"))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CATALOG_ERROR);
              assertThat(e.getMessage()).contains("found 3");
            });
  }
}
