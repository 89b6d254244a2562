package dev.mirrorflow.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void afterFailure_whenRetriesRunOut_namesMaximumRetryAttempts() {
    Instant first = Instant.parse("2026-01-01T00:00:00Z");
    RetryPolicy policy = new RetryPolicy(2, 3600);

    assertThat(policy.afterFailure(0, first, first).at()).isEqualTo(first.plusSeconds(1));
    assertThat(policy.afterFailure(1, first.plusSeconds(1), first).at()).isEqualTo(first.plusSeconds(3));
    assertThat(policy.afterFailure(2, first.plusSeconds(3), first))
        .isEqualTo(new RetryPolicy.Next(null, "MaximumRetryAttempts"));
  }

  @Test
  void afterFailure_whenTheNextRetryWouldBeTooLate_namesMaximumEventAge() {
    Instant first = Instant.parse("2026-01-01T00:00:00Z");
    RetryPolicy policy = new RetryPolicy(185, 60);

    assertThat(policy.afterFailure(5, first.plusSeconds(31), first))
        .isEqualTo(new RetryPolicy.Next(null, "MaximumEventAgeInSeconds"));
    assertThat(new RetryPolicy(185, 86_400).afterFailure(20, first, first.minusSeconds(86_000)).at())
        .as("backoff is capped at 5 minutes").isEqualTo(first.plusSeconds(300));
  }

  @Test
  void of_whenRetryPolicyIsMissing_usesTheDefaults() {
    assertThat(RetryPolicy.of(MissingNode.getInstance()))
        .isEqualTo(new RetryPolicy(185, 86_400));
  }
}
