package dev.mirrorflow.local.sfn;

import static dev.mirrorflow.local.sfn.LocalSfnFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Choice rules, Wait and Fail states. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChoiceWaitFailTest {
  private LocalSfnFixture local;

  @BeforeAll
  void start() throws Exception {
    local = new LocalSfnFixture();
  }

  @AfterAll
  void stop() {
    local.close();
  }

  /** A Choice with one rule: the output names the branch taken. */
  private String choose(String rule, String input) {
    String def = """
        {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[%s],"Default":"No"},
          "Yes":{"Type":"Pass","Result":"yes","End":true},"No":{"Type":"Pass","Result":"no","End":true}}}"""
        .formatted(((ObjectNode) json(rule)).put("Next", "Yes"));
    DescribeExecutionResponse d = local.run(def, input);
    assertThat(d.status()).as("%s %s", d.error(), d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    return json(d.output()).asText();
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "{\"Variable\":\"$.s\",\"StringEquals\":\"abc\"}|{\"s\":\"abc\"}|yes",
      "{\"Variable\":\"$.s\",\"StringEquals\":\"abc\"}|{\"s\":\"abd\"}|no",
      "{\"Variable\":\"$.s\",\"StringLessThan\":\"b\"}|{\"s\":\"abc\"}|yes",
      "{\"Variable\":\"$.s\",\"StringGreaterThan\":\"b\"}|{\"s\":\"abc\"}|no",
      "{\"Variable\":\"$.s\",\"StringLessThanEquals\":\"abc\"}|{\"s\":\"abc\"}|yes",
      "{\"Variable\":\"$.s\",\"StringGreaterThanEquals\":\"abd\"}|{\"s\":\"abc\"}|no",
      "{\"Variable\":\"$.s\",\"StringMatches\":\"log-*.txt\"}|{\"s\":\"log-2024.txt\"}|yes",
      "{\"Variable\":\"$.s\",\"StringMatches\":\"a\\\\*c\"}|{\"s\":\"abc\"}|no",
      "{\"Variable\":\"$.s\",\"StringMatches\":\"a\\\\*c\"}|{\"s\":\"a*c\"}|yes",
      "{\"Variable\":\"$.n\",\"NumericEquals\":1}|{\"n\":1.0}|yes",
      "{\"Variable\":\"$.n\",\"NumericLessThan\":1}|{\"n\":0.5}|yes",
      "{\"Variable\":\"$.n\",\"NumericGreaterThan\":1}|{\"n\":1}|no",
      "{\"Variable\":\"$.n\",\"NumericLessThanEquals\":1}|{\"n\":1}|yes",
      "{\"Variable\":\"$.n\",\"NumericGreaterThanEquals\":2}|{\"n\":1}|no",
      "{\"Variable\":\"$.n\",\"NumericEquals\":1}|{\"n\":\"1\"}|no",
      "{\"Variable\":\"$.b\",\"BooleanEquals\":true}|{\"b\":true}|yes",
      "{\"Variable\":\"$.b\",\"BooleanEquals\":true}|{\"b\":\"true\"}|no",
      "{\"Variable\":\"$.t\",\"TimestampEquals\":\"2016-08-18T17:33:00Z\"}|{\"t\":\"2016-08-18T19:33:00+02:00\"}|yes",
      "{\"Variable\":\"$.t\",\"TimestampLessThan\":\"2016-08-18T17:33:00Z\"}|{\"t\":\"2016-08-18T17:32:59Z\"}|yes",
      "{\"Variable\":\"$.t\",\"TimestampGreaterThan\":\"2016-08-18T17:33:00Z\"}|{\"t\":\"2016-08-18T17:32:59Z\"}|no",
      "{\"Variable\":\"$.t\",\"TimestampLessThanEquals\":\"2016-08-18T17:33:00Z\"}|{\"t\":\"2016-08-18T17:33:00Z\"}|yes",
      "{\"Variable\":\"$.t\",\"TimestampGreaterThanEquals\":\"2016-08-18T17:33:00Z\"}|{\"t\":\"not a time\"}|no",
      "{\"Variable\":\"$.a\",\"StringEqualsPath\":\"$.b\"}|{\"a\":\"x\",\"b\":\"x\"}|yes",
      "{\"Variable\":\"$.a\",\"NumericLessThanPath\":\"$.b\"}|{\"a\":1,\"b\":2}|yes",
      "{\"Variable\":\"$.a\",\"NumericGreaterThanEqualsPath\":\"$.b\"}|{\"a\":1,\"b\":2}|no",
      "{\"Variable\":\"$.a\",\"BooleanEqualsPath\":\"$.b\"}|{\"a\":false,\"b\":false}|yes",
      "{\"Variable\":\"$.a\",\"TimestampGreaterThanPath\":\"$.b\"}|{\"a\":\"2020-01-02T00:00:00Z\",\"b\":\"2020-01-01T00:00:00Z\"}|yes",
      "{\"Variable\":\"$.a\",\"StringLessThanEqualsPath\":\"$.b\"}|{\"a\":\"b\",\"b\":\"a\"}|no",
      "{\"Variable\":\"$.x\",\"IsPresent\":false}|{}|yes",
      "{\"Variable\":\"$.x\",\"IsPresent\":true}|{\"x\":null}|yes",
      "{\"Variable\":\"$.x\",\"IsNull\":true}|{\"x\":null}|yes",
      "{\"Variable\":\"$.x\",\"IsNumeric\":true}|{\"x\":\"1\"}|no",
      "{\"Variable\":\"$.x\",\"IsString\":true}|{\"x\":\"1\"}|yes",
      "{\"Variable\":\"$.x\",\"IsBoolean\":false}|{\"x\":1}|yes",
      "{\"Variable\":\"$.x\",\"IsTimestamp\":true}|{\"x\":\"2016-03-14T01:59:00Z\"}|yes",
      "{\"Variable\":\"$.x\",\"IsTimestamp\":true}|{\"x\":\"2016-03-14\"}|no",
      "{\"And\":[{\"Variable\":\"$.n\",\"NumericGreaterThanEquals\":20},{\"Variable\":\"$.n\",\"NumericLessThan\":30}]}|{\"n\":25}|yes",
      "{\"And\":[{\"Variable\":\"$.n\",\"NumericGreaterThanEquals\":20},{\"Variable\":\"$.n\",\"NumericLessThan\":30}]}|{\"n\":30}|no",
      "{\"Or\":[{\"Variable\":\"$.n\",\"NumericEquals\":1},{\"Variable\":\"$.n\",\"NumericEquals\":2}]}|{\"n\":2}|yes",
      "{\"Not\":{\"Variable\":\"$.type\",\"StringEquals\":\"Private\"}}|{\"type\":\"Public\"}|yes",
  })
  void choice_whenRule_takesMatchingBranch(String rule, String input, String expected) {
    assertThat(choose(rule, input)).isEqualTo(expected);
  }

  @Test
  void choice_whenNothingMatchesAndNoDefault_failsWithNoChoiceMatched() {
    String def = """
        {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"Y"}]},
          "Y":{"Type":"Succeed"}}}""";
    DescribeExecutionResponse d = local.run(def, "{\"n\":2}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.NoChoiceMatched");
  }

  @Test
  void choice_whenVariableMissing_failsWithRuntimeError() {
    String def = """
        {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"Y"}],
          "Default":"Y"},"Y":{"Type":"Succeed"}}}""";
    assertThat(local.run(def, "{}").error()).isEqualTo("States.Runtime");
  }

  @Test
  void wait_whenSecondsAndSecondsPath_waitsOnTheLocalClock() {
    String def = """
        {"StartAt":"W1","States":{"W1":{"Type":"Wait","Seconds":600,"Next":"W2"},
          "W2":{"Type":"Wait","SecondsPath":"$.delay","End":true}}}""";
    Instant before = local.clock.instant();
    DescribeExecutionResponse d = local.run(def, "{\"delay\":600}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Duration.between(d.startDate(), d.stopDate())).isGreaterThanOrEqualTo(Duration.ofSeconds(1200));
    assertThat(Duration.between(before, local.clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(1200));
  }

  @Test
  void wait_whenTimestampAndTimestampPath_waitsUntilThen() {
    Instant target = local.clock.instant().plusSeconds(900);
    String def = """
        {"StartAt":"W1","States":{"W1":{"Type":"Wait","Timestamp":"%s","Next":"W2"},
          "W2":{"Type":"Wait","TimestampPath":"$.until","End":true}}}""".formatted(target);
    DescribeExecutionResponse d = local.run(def, "{\"until\":\"" + target.plusSeconds(300) + "\"}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.stopDate()).isAfterOrEqualTo(target.plusSeconds(300).minusMillis(1));
  }

  @Test
  void fail_whenErrorAndCause_failsExecutionWithThem() {
    String def = """
        {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Mirrorflow.BadInput","Cause":"vpcId is malformed"}}}""";
    DescribeExecutionResponse d = local.run(def, "{}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("Mirrorflow.BadInput");
    assertThat(d.cause()).isEqualTo("vpcId is malformed");
  }

  @Test
  void fail_whenErrorPathAndCausePath_takesThemFromInput() {
    String def = """
        {"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('bad {}', $.id)"}}}""";
    DescribeExecutionResponse d = local.run(def, "{\"e\":\"Custom.Error\",\"id\":\"vpc-1\"}");
    assertThat(d.error()).isEqualTo("Custom.Error");
    assertThat(d.cause()).isEqualTo("bad vpc-1");
  }
}
