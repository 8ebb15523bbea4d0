package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.planner.exec.PreparedInfo;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limit and idle expiry of held prepared statements, on a clock the test moves. */
class PreparedStatementsTest {
  private static final PreparedInfo QUERY = new PreparedInfo(true, List.of(), List.of());
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong();
  private final PreparedStatements statements =
      new PreparedStatements(2, Duration.ofSeconds(10), now::get);

  @Test
  void aFullServerRefusesNewStatementsUntilOneCloses() {
    long first = statements.add("SELECT 1", QUERY);
    statements.add("SELECT 2", QUERY);
    assertThatThrownBy(() -> statements.add("SELECT 3", QUERY))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
              assertThat(e.getMessage()).contains("max-prepared-statements").contains("2");
            });
    statements.remove(first);
    assertThat(statements.get(statements.add("SELECT 3", QUERY)).sql()).isEqualTo("SELECT 3");
  }

  @Test
  void abandonedStatementsExpireAndMakeRoom() {
    long abandoned = statements.add("SELECT 1", QUERY);
    long used = statements.add("SELECT 2", QUERY);
    now.addAndGet(6 * SECOND);
    statements.get(used);
    now.addAndGet(6 * SECOND);
    long fresh = statements.add("SELECT 3", QUERY);
    assertThat(statements.size()).isEqualTo(2);
    assertThat(statements.get(used).sql()).isEqualTo("SELECT 2");
    assertThat(statements.get(fresh).sql()).isEqualTo("SELECT 3");
    assertThatThrownBy(() -> statements.get(abandoned))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("prepare it again");
            });
  }

  @Test
  void anExpiredStatementIsGoneEvenBeforeTheServerIsFull() {
    long id = statements.add("SELECT 1", QUERY);
    now.addAndGet(11 * SECOND);
    assertThatThrownBy(() -> statements.get(id)).isInstanceOf(SheafException.class);
    assertThat(statements.size()).isZero();
  }

  @Test
  void boundParametersStayWithTheStatement() {
    long id = statements.add("SELECT ?", QUERY);
    statements.bind(id, List.of(List.<Object>of(42)));
    assertThat(statements.get(id).parameters()).containsExactly(List.of(42));
  }
}
