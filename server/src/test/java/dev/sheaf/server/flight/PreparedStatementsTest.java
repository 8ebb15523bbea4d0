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
  private static final String ME = "alice";

  private final AtomicLong now = new AtomicLong();
  private final PreparedStatements statements =
      new PreparedStatements(2, 2, Duration.ofSeconds(10), now::get);

  @Test
  void aFullServerRefusesNewStatementsUntilOneCloses() {
    long first = statements.add(ME, "SELECT 1", QUERY);
    statements.add(ME, "SELECT 2", QUERY);
    assertThatThrownBy(() -> statements.add(ME, "SELECT 3", QUERY))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
              assertThat(e.getMessage()).contains("max-prepared-statements").contains("2");
            });
    statements.remove(ME, first);
    assertThat(statements.get(ME, statements.add(ME, "SELECT 3", QUERY)).sql())
        .isEqualTo("SELECT 3");
  }

  @Test
  void abandonedStatementsExpireAndMakeRoom() {
    long abandoned = statements.add(ME, "SELECT 1", QUERY);
    long used = statements.add(ME, "SELECT 2", QUERY);
    now.addAndGet(6 * SECOND);
    statements.get(ME, used);
    now.addAndGet(6 * SECOND);
    long fresh = statements.add(ME, "SELECT 3", QUERY);
    assertThat(statements.size()).isEqualTo(2);
    assertThat(statements.get(ME, used).sql()).isEqualTo("SELECT 2");
    assertThat(statements.get(ME, fresh).sql()).isEqualTo("SELECT 3");
    assertThatThrownBy(() -> statements.get(ME, abandoned))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("prepare it again");
            });
  }

  @Test
  void anExpiredStatementIsGoneEvenBeforeTheServerIsFull() {
    long id = statements.add(ME, "SELECT 1", QUERY);
    now.addAndGet(11 * SECOND);
    assertThatThrownBy(() -> statements.get(ME, id)).isInstanceOf(SheafException.class);
    assertThat(statements.size()).isZero();
  }

  @Test
  void boundParametersStayWithTheStatement() {
    long id = statements.add(ME, "SELECT ?", QUERY);
    statements.bind(ME, id, List.of(List.<Object>of(42)));
    assertThat(statements.get(ME, id).parameters()).containsExactly(List.of(42));
  }

  @Test
  void aStatementBelongsToItsCallerAndOneCallerCannotTakeEverySlot() {
    PreparedStatements shared = new PreparedStatements(4, 2, Duration.ofSeconds(10), now::get);
    long mine = shared.add(ME, "SELECT 1", QUERY);
    assertThat(mine).isPositive();
    assertThat(shared.add(ME, "SELECT 1", QUERY))
        .as("random, not a counter")
        .isNotEqualTo(mine + 1);
    assertThatThrownBy(() -> shared.add(ME, "SELECT 3", QUERY))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.getMessage()).contains("you hold 2 prepared statements"));
    // another caller still prepares, and cannot use, bind or close alice's statement
    long theirs = shared.add("bob", "SELECT 2", QUERY);
    assertThatThrownBy(() -> shared.get("bob", mine))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> shared.bind("bob", mine, List.of()))
        .isInstanceOf(SheafException.class);
    shared.remove("bob", mine);
    assertThat(shared.get(ME, mine).sql()).isEqualTo("SELECT 1");
    assertThat(shared.get("bob", theirs).sql()).isEqualTo("SELECT 2");
    // anonymous clients share one identity, so only the global limit holds them
    PreparedStatements open = new PreparedStatements(3, 1, Duration.ofSeconds(10), now::get);
    open.add("", "SELECT 1", QUERY);
    open.add("", "SELECT 2", QUERY);
    open.add("", "SELECT 3", QUERY);
    assertThatThrownBy(() -> open.add("", "SELECT 4", QUERY))
        .hasMessageContaining("max-prepared-statements");
  }
}
