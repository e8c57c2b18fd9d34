package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.valwatch.internal.risk.ManualClock;
import io.valwatch.rpc.EndpointBackoff.Cause;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EndpointBackoffTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final EndpointBackoff backoff = new EndpointBackoff(clock);

  @Test
  void aFailureLeavesTheEndpointAloneUntilItsWaitHasPassed() {
    assertThat(backoff.backingOff()).isFalse();

    assertThat(backoff.failed(Cause.FAILED)).isEqualTo(Duration.ofMillis(250));
    assertThat(backoff.backingOff()).isTrue();
    clock.advance(Duration.ofMillis(249));
    assertThat(backoff.backingOff()).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(backoff.backingOff()).isFalse();
  }

  @Test
  void failuresInARowDoubleTheWaitUpToItsCeiling() {
    assertThat(backoff.failed(Cause.FAILED)).isEqualTo(Duration.ofMillis(250));
    assertThat(backoff.failed(Cause.FAILED)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.failed(Cause.FAILED)).isEqualTo(Duration.ofSeconds(1));
    for (int i = 0; i < 10; i++) {
      backoff.failed(Cause.FAILED);
    }
    assertThat(backoff.failed(Cause.FAILED)).isEqualTo(EndpointBackoff.MAX);
  }

  @Test
  void busyAnswersStartAtASecondAndStopAtAMinute() {
    assertThat(backoff.failed(Cause.BUSY)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.failed(Cause.BUSY)).isEqualTo(Duration.ofSeconds(2));
    for (int i = 0; i < 10; i++) {
      backoff.failed(Cause.BUSY);
    }
    assertThat(backoff.failed(Cause.BUSY)).isEqualTo(EndpointBackoff.BUSY_MAX);
  }

  @Test
  void theNodesOwnErrorAnswerWaitsTheShortestTimeEveryTime() {
    backoff.failed(Cause.FAILED);
    backoff.failed(Cause.FAILED);
    assertThat(backoff.failed(Cause.REFUSED)).isEqualTo(EndpointBackoff.MIN);
    assertThat(backoff.failed(Cause.REFUSED)).isEqualTo(EndpointBackoff.MIN);
  }

  @Test
  void retryAfterDecidesTheWaitUpToAnHour() {
    assertThat(backoff.failed(Cause.BUSY, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(29));
    assertThat(backoff.backingOff()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(backoff.backingOff()).isFalse();

    assertThat(backoff.failed(Cause.BUSY, Duration.ofDays(3))).isEqualTo(EndpointBackoff.MAX_RETRY_AFTER);
  }

  @Test
  void aSuccessStartsTheBackoffOver() {
    backoff.failed(Cause.FAILED);
    backoff.failed(Cause.FAILED);
    backoff.succeeded();
    assertThat(backoff.backingOff()).isFalse();
    assertThat(backoff.failed(Cause.FAILED)).isEqualTo(EndpointBackoff.MIN);
  }

  @Test
  void causeOfAnHttpStatus() {
    assertThat(EndpointBackoff.causeOf(429)).isEqualTo(Cause.BUSY);
    assertThat(EndpointBackoff.causeOf(503)).isEqualTo(Cause.BUSY);
    assertThat(EndpointBackoff.causeOf(502)).isEqualTo(Cause.FAILED);
    assertThat(EndpointBackoff.causeOf(500)).isEqualTo(Cause.FAILED);
  }
}
