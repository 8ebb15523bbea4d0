package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendAheadTest {
  @Test
  void sendsWithoutWaitingUntilTheLimitIsQueued() {
    SendAhead ahead = new SendAhead(100);
    assertThat(ahead.mustWait(false)).isFalse();
    ahead.sent(60);
    assertThat(ahead.mustWait(false)).isFalse();
    ahead.sent(60);
    assertThat(ahead.mustWait(false)).isTrue();
    ahead.clientReady();
    assertThat(ahead.mustWait(false)).isFalse();
  }

  @Test
  void readinessEmptiesTheQueue() {
    SendAhead ahead = new SendAhead(100);
    ahead.sent(500);
    assertThat(ahead.mustWait(true)).isFalse();
    assertThat(ahead.mustWait(false)).isFalse();
  }

  @Test
  void aZeroLimitWaitsBeforeEveryBatchThatIsNotReady() {
    SendAhead ahead = new SendAhead(0);
    assertThat(ahead.mustWait(false)).isTrue();
    assertThat(ahead.mustWait(true)).isFalse();
    assertThat(SendAhead.DEFAULT_BYTES).isEqualTo(8L << 20);
  }
}
