package dev.mirrorflow.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "rate(1 minute), PT1M",
    "rate(5 minutes), PT5M",
    "rate(1 hour), PT1H",
    "rate(12 hours), PT12H",
    "rate(1 day), PT24H",
    "rate(7 days), PT168H"
  })
  void parse_whenRate_hasPeriod(String expression, Duration period) {
    ScheduleExpression rate = ScheduleExpression.parse(expression);

    assertThat(((ScheduleExpression.Rate) rate).period()).isEqualTo(period);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "rate(1 minutes)", "rate(2 minute)", "rate(0 minutes)", "rate(1 second)", "rate(-1 minutes)",
    "cron(0 1 * * * *)", "cron(0 1 ? * ? *)", "cron(71 8 1 * ? *)", "cron(0 24 * * ? *)",
    "cron(7 20 * * NOT *)", "cron(0 dummy ? * MON-FRI *)", "cron(INVALID)", "cron(0 12 * * ?)", "at(2026-01-01T00:00:00)"
  })
  void parse_whenInvalid_throwsWithAwsMessage(String expression) {
    assertThatThrownBy(() -> ScheduleExpression.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Parameter ScheduleExpression is not valid.");
  }

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource({
    // AWS's documented examples: 10:15 every day; every 10 minutes on weekdays; 8:00 on the 1st.
    "cron(15 10 * * ? *), 2026-03-04T09:00:00Z, 2026-03-04T10:15:00Z",
    "cron(15 10 * * ? *), 2026-03-04T10:15:00Z, 2026-03-05T10:15:00Z",
    "cron(0/10 * ? * MON-FRI *), 2026-03-06T23:55:00Z, 2026-03-09T00:00:00Z",
    "cron(0 8 1 * ? *), 2026-03-04T09:00:00Z, 2026-04-01T08:00:00Z",
    "cron(0/5 8-17 ? * MON-FRI *), 2026-03-04T17:56:00Z, 2026-03-05T08:00:00Z",
    "cron(0 18 ? * MON-FRI *), 2026-03-07T00:00:00Z, 2026-03-09T18:00:00Z",
    "cron(0 12 L * ? *), 2026-02-01T00:00:00Z, 2026-02-28T12:00:00Z",
    "cron(0 9 ? * 6L *), 2026-03-01T00:00:00Z, 2026-03-27T09:00:00Z",
    "cron(0 2 ? * SAT#3 *), 2026-03-01T00:00:00Z, 2026-03-21T02:00:00Z",
    "cron(0 9 15W * ? *), 2026-03-01T00:00:00Z, 2026-03-16T09:00:00Z",
    "cron(0 0 1 JAN ? 2030), 2026-03-01T00:00:00Z, 2030-01-01T00:00:00Z",
    "cron(* * * * ? *), 2026-03-04T09:00:30Z, 2026-03-04T09:01:00Z"
  })
  void nextAfter_whenCron_isNextMatchingMinute(String expression, Instant after, Instant expected) {
    ScheduleExpression cron = ScheduleExpression.parse(expression);

    assertThat(cron.nextAfter(after, after)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "2026-03-04T09:00:00Z, 2026-03-04T09:05:00Z",
    "2026-03-04T09:04:59Z, 2026-03-04T09:05:00Z",
    "2026-03-04T09:05:00Z, 2026-03-04T09:10:00Z"
  })
  void nextAfter_whenRate_countsPeriodsFromStart(Instant after, Instant expected) {
    ScheduleExpression rate = ScheduleExpression.parse("rate(5 minutes)");

    assertThat(rate.nextAfter(after, Instant.parse("2026-03-04T09:00:00Z"))).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cron(0 0 1 JAN ? 2020)", "cron(0 0 30 FEB ? *)"})
  void nextAfter_whenNeverAgain_isEmpty(String expression) {
    assertThat(ScheduleExpression.parse(expression).nextAfter(Instant.parse("2026-03-04T09:00:00Z"), Instant.EPOCH))
        .isEmpty();
  }
}
