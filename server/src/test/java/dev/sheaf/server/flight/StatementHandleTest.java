package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.planner.exec.TablePin;
import dev.sheaf.planner.vector.RowWindow;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.junit.jupiter.api.Test;

/** Ticket bytes of the three kinds read back as written; a damaged ticket is INVALID_ARGUMENT. */
class StatementHandleTest {
  @Test
  void everyKindRoundTrips() {
    StatementHandle whole = new StatementHandle("SELECT 1", 7);
    StatementHandle pinned =
        new StatementHandle(
            "SELECT id FROM t", -1, new TablePin("main", "t", 42L), new RowWindow(2, 5));
    StatementHandle kept =
        StatementHandle.kept("SELECT count(*) FROM t", "a-result-id", new RowWindow(0, 3));
    for (StatementHandle handle : new StatementHandle[] {whole, pinned, kept}) {
      assertThat(StatementHandle.decode(handle.encode())).isEqualTo(handle);
    }
    assertThat(StatementHandle.decode(kept.encode()).resultId()).isEqualTo("a-result-id");
    assertThat(StatementHandle.decode(kept.encode()).pin()).isNull();
  }

  @Test
  void anUnknownKindIsRefused() {
    byte[] bytes = new StatementHandle("SELECT 1", -1).encode();
    bytes[bytes.length - 1] = 9;
    assertThatThrownBy(() -> StatementHandle.decode(bytes))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("get a new one");
    assertThatThrownBy(
            () ->
                new StatementHandle("x", -1, new TablePin("a", "b", 1), "id", new RowWindow(0, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
