package dev.mirrorflow.local.events;

import static dev.mirrorflow.local.events.LocalEventBridge.ROLE_ARN;
import static dev.mirrorflow.local.events.LocalEventBridge.stateMachineArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Delivery to targets: matching, input, schedules on a sped-up clock, retries and dead letters. The
 * clock runs 600 times faster than real time, so a one-minute schedule fires every 0.1 s.
 */
class EventDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private LocalEventBridge local;
  private EventBridgeClient eb;

  @BeforeEach
  void start() {
    local = new LocalEventBridge(600.0);
    eb = local.client;
  }

  @AfterEach
  void stop() {
    local.close();
  }

  private void ruleToStateMachine(String rule, String pattern, String stateMachine) {
    eb.putRule(b -> b.name(rule).eventPattern(pattern));
    eb.putTargets(b -> b.rule(rule).targets(t -> t.id("sfn").arn(stateMachineArn(stateMachine)).roleArn(ROLE_ARN)));
  }

  private void put(String source, String detailType, String detail) {
    var response = eb.putEvents(b -> b.entries(
        PutEventsRequestEntry.builder().source(source).detailType(detailType).detail(detail).build()));
    assertThat(response.failedEntryCount()).isZero();
  }

  @Test
  void putEvents_whenRuleMatches_startsExecutionWithTheEvent() throws Exception {
    ruleToStateMachine("scan", "{\"source\":[\"mirrorflow\"],\"detail\":{\"vpcId\":[{\"prefix\":\"vpc-\"}]}}", "reconcile");

    put("mirrorflow", "Scan Requested", "{\"vpcId\":\"vpc-123\"}");

    FakeTargets.Start start = local.targets.nextStart(WAIT);
    assertThat(start.stateMachineArn()).isEqualTo(stateMachineArn("reconcile"));
    JsonNode event = start.input();
    assertThat(event.get("source").asText()).isEqualTo("mirrorflow");
    assertThat(event.get("detail-type").asText()).isEqualTo("Scan Requested");
    assertThat(event.get("account").asText()).isEqualTo("000000000000");
    assertThat(event.get("region").asText()).isEqualTo("us-east-1");
    assertThat(event.get("version").asText()).isEqualTo("0");
    assertThat(event.get("resources").isArray()).isTrue();
    assertThat(event.get("detail").get("vpcId").asText()).isEqualTo("vpc-123");
    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    EventsCounters counters = local.events.counters();
    assertThat(counters.eventsPut()).isEqualTo(1);
    assertThat(counters.ruleMatches()).isEqualTo(1);
    assertThat(counters.deliveries()).isEqualTo(1);
  }

  @Test
  void putEvents_whenNoRuleMatchesOrRuleDisabled_deliversNothing() throws Exception {
    ruleToStateMachine("only-ec2", "{\"source\":[\"aws.ec2\"]}", "sm");
    ruleToStateMachine("disabled", "{\"source\":[\"mirrorflow\"]}", "sm");
    eb.disableRule(b -> b.name("disabled"));

    put("mirrorflow", "t", "{}");

    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    assertThat(local.targets.starts).isEmpty();
    assertThat(local.events.counters().ruleMatches()).isZero();
    assertThat(local.events.counters().eventsPut()).isEqualTo(1);
  }

  @Test
  void putEvents_onCustomBus_onlyMatchesThatBusesRules() throws Exception {
    eb.createEventBus(b -> b.name("mirrorflow-c1"));
    eb.putRule(b -> b.name("scan").eventBusName("mirrorflow-c1").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("scan").eventBusName("mirrorflow-c1")
        .targets(t -> t.id("sfn").arn(stateMachineArn("on-bus")).roleArn(ROLE_ARN)));
    ruleToStateMachine("default-rule", "{\"source\":[\"mirrorflow\"]}", "on-default");

    eb.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName("mirrorflow-c1")
        .source("mirrorflow").detailType("t").detail("{}").build()));

    assertThat(local.targets.nextStart(WAIT).stateMachineArn()).isEqualTo(stateMachineArn("on-bus"));
    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    assertThat(local.targets.starts).isEmpty();
  }

  @Test
  void putEvents_toEventBusTarget_forwardsTheEvent() throws Exception {
    eb.createEventBus(b -> b.name("downstream"));
    eb.putRule(b -> b.name("fwd").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("fwd").targets(t -> t.id("bus")
        .arn("arn:aws:events:us-east-1:000000000000:event-bus/downstream").roleArn(ROLE_ARN)));
    eb.putRule(b -> b.name("there").eventBusName("downstream").eventPattern("{\"detail\":{\"n\":[7]}}"));
    eb.putTargets(b -> b.rule("there").eventBusName("downstream")
        .targets(t -> t.id("sfn").arn(stateMachineArn("downstream-sm")).roleArn(ROLE_ARN)));

    put("mirrorflow", "t", "{\"n\":7}");

    FakeTargets.Start start = local.targets.nextStart(WAIT);
    assertThat(start.stateMachineArn()).isEqualTo(stateMachineArn("downstream-sm"));
    assertThat(start.input().get("detail").get("n").asInt()).isEqualTo(7);
  }

  @Test
  void putEvents_toLambdaTarget_invokesAsynchronously() throws Exception {
    eb.putRule(b -> b.name("to-lambda").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("to-lambda").targets(t -> t.id("fn")
        .arn("arn:aws:lambda:us-east-1:000000000000:function:PlanVpc").input("{\"constant\":1}")));

    put("mirrorflow", "t", "{}");

    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    FakeTargets.Invoke invoke = local.targets.invokes.poll();
    assertThat(invoke).isNotNull();
    assertThat(invoke.path()).isEqualTo("/2015-03-31/functions/PlanVpc/invocations");
    assertThat(invoke.invocationType()).isEqualTo("Event");
    assertThat(invoke.payload()).isEqualTo("{\"constant\":1}");
  }

  // ---------------------------------------------------------------- input

  @Test
  void inputTransformer_withJsonTemplate_fillsQuotedAndUnquotedPlaceholders() throws Exception {
    eb.putRule(b -> b.name("transform").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("transform").targets(t -> t.id("sfn").arn(stateMachineArn("sm")).roleArn(ROLE_ARN)
        .inputTransformer(x -> x
            .inputPathsMap(Map.of("vpc", "$.detail.vpcId", "subnets", "$.detail.subnets", "count", "$.detail.count",
                "missing", "$.detail.nothing"))
            .inputTemplate("{\"vpcId\": <vpc>, \"path\": \"vpcs/<vpc>\", \"subnetIds\": <subnets>, \"n\": <count>,"
                + " \"rule\": \"<aws.events.rule-name>\", \"ruleArn\": \"<aws.events.rule-arn>\","
                + " \"gone\": \"<missing>\", \"original\": <aws.events.event.json>}"))));

    put("mirrorflow", "Scan Requested", "{\"vpcId\":\"vpc-1\",\"subnets\":[\"subnet-a\",\"subnet-b\"],\"count\":2}");

    JsonNode input = local.targets.nextStart(WAIT).input();
    assertThat(input.get("vpcId").asText()).isEqualTo("vpc-1");
    assertThat(input.get("path").asText()).isEqualTo("vpcs/vpc-1");
    assertThat(input.get("subnetIds")).isEqualTo(JSON.readTree("[\"subnet-a\",\"subnet-b\"]"));
    assertThat(input.get("n").asInt()).isEqualTo(2);
    assertThat(input.get("rule").asText()).isEqualTo("transform");
    assertThat(input.get("ruleArn").asText()).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/transform");
    assertThat(input.get("gone").asText()).isEmpty();
    assertThat(input.get("original").get("detail-type").asText()).isEqualTo("Scan Requested");
  }

  @Test
  void inputTransformer_withStringTemplate_rendersAJsonString() throws Exception {
    eb.putRule(b -> b.name("text").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("text").targets(t -> t.id("sfn").arn(stateMachineArn("sm")).roleArn(ROLE_ARN)
        .inputTransformer(x -> x.inputPathsMap(Map.of("vpc", "$.detail.vpcId", "ids", "$.detail.ids"))
            .inputTemplate("\"<vpc> has <ids> in <aws.events.rule-name>\""))));

    put("mirrorflow", "t", "{\"vpcId\":\"vpc-9\",\"ids\":[\"a\",\"b\"]}");

    FakeTargets.Start start = local.targets.nextStart(WAIT);
    assertThat(start.rawInput()).isEqualTo("\"vpc-9 has [a,b] in text\"");
  }

  @Test
  void inputPathAndConstantInput_selectWhatTheTargetReceives() throws Exception {
    eb.putRule(b -> b.name("paths").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("paths").targets(
        t -> t.id("detail").arn(stateMachineArn("sm-detail")).roleArn(ROLE_ARN).inputPath("$.detail"),
        t -> t.id("constant").arn(stateMachineArn("sm-constant")).roleArn(ROLE_ARN).input("{\"cluster\":\"c1\"}")));

    put("mirrorflow", "t", "{\"vpcId\":\"vpc-2\"}");

    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    Map<String, JsonNode> byMachine = new java.util.HashMap<>();
    local.targets.starts.forEach(s -> byMachine.put(s.stateMachineArn(), s.input()));
    assertThat(byMachine.get(stateMachineArn("sm-detail"))).isEqualTo(JSON.readTree("{\"vpcId\":\"vpc-2\"}"));
    assertThat(byMachine.get(stateMachineArn("sm-constant"))).isEqualTo(JSON.readTree("{\"cluster\":\"c1\"}"));
  }

  // ---------------------------------------------------------------- schedules

  @Test
  void rateSchedule_firesEveryPeriodOnTheClock_andStopsWhenDisabled() throws Exception {
    eb.putRule(b -> b.name("every-minute").scheduleExpression("rate(1 minute)"));
    eb.putTargets(b -> b.rule("every-minute").targets(t -> t.id("reconcile").arn(stateMachineArn("reconcile"))
        .roleArn(ROLE_ARN).input("{\"cluster\":\"c1\",\"vpcId\":\"vpc-1\"}")));

    FakeTargets.Start first = local.targets.nextStart(WAIT);
    FakeTargets.Start second = local.targets.nextStart(WAIT);

    assertThat(first.input()).isEqualTo(JSON.readTree("{\"cluster\":\"c1\",\"vpcId\":\"vpc-1\"}"));
    assertThat(second.input()).isEqualTo(first.input());
    assertThat(local.events.counters().scheduledEvents()).isGreaterThanOrEqualTo(2);

    eb.disableRule(b -> b.name("every-minute"));
    long fired = local.events.counters().scheduledEvents();
    local.clock.advance(Duration.ofMinutes(10));
    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    // A scheduled firing that was already due when the rule was disabled may still be delivered.
    assertThat(local.events.counters().scheduledEvents()).isLessThanOrEqualTo(fired + 1);
  }

  @Test
  void scheduledEvent_looksLikeAwsScheduledEvent() throws Exception {
    String arn = eb.putRule(b -> b.name("scheduled").scheduleExpression("rate(5 minutes)")).ruleArn();
    eb.putTargets(b -> b.rule("scheduled").targets(t -> t.id("sfn").arn(stateMachineArn("sm")).roleArn(ROLE_ARN)));

    JsonNode event = local.targets.nextStart(WAIT).input();

    assertThat(event.get("detail-type").asText()).isEqualTo("Scheduled Event");
    assertThat(event.get("source").asText()).isEqualTo("aws.events");
    assertThat(event.get("resources")).isEqualTo(JSON.createArrayNode().add(arn));
    assertThat(event.get("detail")).isEqualTo(JSON.createObjectNode());
  }

  @Test
  void cronSchedule_firesAtTheStartOfMatchingMinutes() throws Exception {
    eb.putRule(b -> b.name("cron").scheduleExpression("cron(0/2 * * * ? *)"));
    eb.putTargets(b -> b.rule("cron").targets(t -> t.id("sfn").arn(stateMachineArn("sm")).roleArn(ROLE_ARN)));

    Instant first = Instant.parse(local.targets.nextStart(WAIT).input().get("time").asText());
    Instant second = Instant.parse(local.targets.nextStart(WAIT).input().get("time").asText());

    assertThat(first.getEpochSecond() % 120).isZero();
    assertThat(second.getEpochSecond() % 120).isZero();
    assertThat(second).isAfter(first);
  }

  @Test
  void schedule_whenClockJumpsForward_firesOnceInsteadOfReplayingMissedPeriods() throws Exception {
    local.clock.setSpeed(1.0);
    eb.putRule(b -> b.name("hourly").scheduleExpression("rate(1 hour)"));
    eb.putTargets(b -> b.rule("hourly").targets(t -> t.id("sfn").arn(stateMachineArn("sm")).roleArn(ROLE_ARN)));

    local.clock.advance(Duration.ofHours(10));
    local.targets.nextStart(WAIT);
    assertThat(local.events.awaitIdle(WAIT)).isTrue();

    assertThat(local.events.counters().scheduledEvents()).isEqualTo(1);
    assertThat(local.targets.starts).isEmpty();
  }

  @Test
  void deleteRule_stopsItsSchedule() throws Exception {
    eb.putRule(b -> b.name("short-lived").scheduleExpression("rate(1 minute)"));
    eb.putTargets(b -> b.rule("short-lived").targets(t -> t.id("sfn").arn(stateMachineArn("sm")).roleArn(ROLE_ARN)));
    local.targets.nextStart(WAIT);

    eb.removeTargets(b -> b.rule("short-lived").ids("sfn"));
    eb.deleteRule(b -> b.name("short-lived"));
    long fired = local.events.counters().scheduledEvents();
    local.clock.advance(Duration.ofMinutes(30));
    assertThat(local.events.awaitIdle(WAIT)).isTrue();

    assertThat(local.events.counters().scheduledEvents()).isLessThanOrEqualTo(fired + 1);
  }

  // ---------------------------------------------------------------- retries and dead letters

  @Test
  void failingTarget_isRetriedThenDeadLettered() throws Exception {
    String dlq = "arn:aws:sqs:us-east-1:000000000000:reconcile-dlq";
    eb.putRule(b -> b.name("flaky").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("flaky").targets(t -> t.id("sfn").arn(stateMachineArn("failing-sm")).roleArn(ROLE_ARN)
        .retryPolicy(r -> r.maximumRetryAttempts(2).maximumEventAgeInSeconds(3600))
        .deadLetterConfig(d -> d.arn(dlq))));

    put("mirrorflow", "t", "{\"vpcId\":\"vpc-3\"}");

    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    assertThat(local.targets.failedStarts).hasSize(3);
    List<DeadLetter> letters = local.events.deadLetters(dlq);
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0);
    assertThat(letter.attributes())
        .containsEntry("RETRY_ATTEMPTS", "2")
        .containsEntry("EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttempts")
        .containsEntry("RULE_ARN", "arn:aws:events:us-east-1:000000000000:rule/flaky")
        .containsEntry("TARGET_ARN", stateMachineArn("failing-sm"))
        .containsEntry("ERROR_CODE", "SDK_CLIENT_ERROR");
    assertThat(letter.attributes().get("ERROR_MESSAGE")).contains("ServiceUnavailable");
    assertThat(JSON.readTree(letter.body()).get("detail").get("vpcId").asText()).isEqualTo("vpc-3");
    EventsCounters counters = local.events.counters();
    assertThat(counters.deliveryFailures()).isEqualTo(3);
    assertThat(counters.retries()).isEqualTo(2);
    assertThat(counters.deadLettered()).isEqualTo(1);
  }

  @Test
  void failingTarget_whenEventTooOld_stopsRetryingOnMaximumEventAge() throws Exception {
    String dlq = "arn:aws:sqs:us-east-1:000000000000:age-dlq";
    eb.putRule(b -> b.name("aging").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("aging").targets(t -> t.id("sfn").arn(stateMachineArn("failing-age")).roleArn(ROLE_ARN)
        .retryPolicy(r -> r.maximumRetryAttempts(185).maximumEventAgeInSeconds(60))
        .deadLetterConfig(d -> d.arn(dlq))));

    put("mirrorflow", "t", "{}");

    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    DeadLetter letter = local.events.deadLetters(dlq).get(0);
    assertThat(letter.attributes()).containsEntry("EXHAUSTED_RETRY_CONDITION", "MaximumEventAgeInSeconds");
    // Backoff doubles from 1 s: at most 1+2+4+8+16 = 31 s of retries fit in 60 s, the next 32 s does not
    // (fewer when the sped-up clock runs on while attempts are being made).
    assertThat(Integer.parseInt(letter.attributes().get("RETRY_ATTEMPTS"))).isBetween(1, 5);
    assertThat(local.targets.failedStarts).hasSize(Integer.parseInt(letter.attributes().get("RETRY_ATTEMPTS")) + 1);
  }

  @Test
  void missingTarget_goesToDeadLetterQueueWithoutRetries() throws Exception {
    String dlq = "arn:aws:sqs:us-east-1:000000000000:missing-dlq";
    eb.putRule(b -> b.name("to-missing").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("to-missing").targets(t -> t.id("sfn").arn(stateMachineArn("missing-sm")).roleArn(ROLE_ARN)
        .deadLetterConfig(d -> d.arn(dlq))));

    put("mirrorflow", "t", "{}");

    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    assertThat(local.targets.failedStarts).hasSize(1);
    DeadLetter letter = local.events.deadLetters(dlq).get(0);
    assertThat(letter.attributes()).containsEntry("ERROR_CODE", "NO_RESOURCE").containsEntry("RETRY_ATTEMPTS", "0");
    assertThat(letter.attributes()).doesNotContainKey("EXHAUSTED_RETRY_CONDITION");
  }

  @Test
  void refusingTarget_whenItAnswersAClientError_goesToDeadLetterQueueWithoutRetries() throws Exception {
    String dlq = "arn:aws:sqs:us-east-1:000000000000:refused-dlq";
    eb.putRule(b -> b.name("to-refusing").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("to-refusing").targets(t -> t.id("sfn").arn(stateMachineArn("refusing-sm"))
        .roleArn(ROLE_ARN).retryPolicy(r -> r.maximumRetryAttempts(5)).deadLetterConfig(d -> d.arn(dlq))));

    put("mirrorflow", "t", "{}");

    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    assertThat(local.targets.failedStarts).hasSize(1);
    assertThat(local.events.counters().retries()).isZero();
    DeadLetter letter = local.events.deadLetters(dlq).get(0);
    assertThat(letter.attributes()).containsEntry("RETRY_ATTEMPTS", "0").doesNotContainKey("EXHAUSTED_RETRY_CONDITION");
    assertThat(letter.attributes().get("ERROR_MESSAGE")).contains("InvalidExecutionInput");
  }

  @Test
  void failingTarget_withoutDeadLetterQueue_isDroppedAndCounted() throws Exception {
    eb.putRule(b -> b.name("drop").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("drop").targets(t -> t.id("sfn").arn(stateMachineArn("failing-drop")).roleArn(ROLE_ARN)
        .retryPolicy(r -> r.maximumRetryAttempts(0))));

    put("mirrorflow", "t", "{}");

    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    assertThat(local.events.counters().dropped()).isEqualTo(1);
    assertThat(local.events.deadLetters()).isEmpty();
  }

  @Test
  void addDeliveryListener_reportsHowEachDeliveryEnded() throws Exception {
    java.util.concurrent.BlockingQueue<DeliveryOutcome> outcomes = new java.util.concurrent.LinkedBlockingQueue<>();
    local.events.addDeliveryListener(outcomes::add);
    String dlq = "arn:aws:sqs:us-east-1:000000000000:listener-dlq";
    eb.putRule(b -> b.name("listened").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("listened").targets(
        t -> t.id("good").arn(stateMachineArn("sm")).roleArn(ROLE_ARN),
        t -> t.id("bad").arn(stateMachineArn("missing-listened")).roleArn(ROLE_ARN).deadLetterConfig(d -> d.arn(dlq))));

    put("mirrorflow", "t", "{}");

    assertThat(local.events.awaitIdle(WAIT)).isTrue();
    Map<String, DeliveryOutcome> byTarget = new java.util.HashMap<>();
    outcomes.forEach(o -> byTarget.put(o.targetId(), o));
    assertThat(byTarget).hasSize(2);
    assertThat(byTarget.get("good").status()).isEqualTo(DeliveryOutcome.Status.DELIVERED);
    assertThat(byTarget.get("good").errorCode()).isNull();
    assertThat(byTarget.get("bad").status()).isEqualTo(DeliveryOutcome.Status.DEAD_LETTERED);
    assertThat(byTarget.get("bad").errorCode()).isEqualTo("NO_RESOURCE");
    assertThat(byTarget.get("bad").ruleArn()).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/listened");
  }

  @Test
  void deadLettersRoute_listsDeadLettersByQueue() throws Exception {
    String dlq = "arn:aws:sqs:us-east-1:000000000000:route-dlq";
    eb.putRule(b -> b.name("routed").eventPattern("{\"source\":[\"mirrorflow\"]}"));
    eb.putTargets(b -> b.rule("routed").targets(t -> t.id("sfn").arn(stateMachineArn("missing-route")).roleArn(ROLE_ARN)
        .deadLetterConfig(d -> d.arn(dlq))));
    put("mirrorflow", "t", "{}");
    assertThat(local.events.awaitIdle(WAIT)).isTrue();

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(local.server.endpoint() + EventsService.DEAD_LETTERS_PATH)).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode letters = JSON.readTree(response.body()).get("DeadLetters").get(dlq);
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).get("Attributes").get("TARGET_ARN").asText()).isEqualTo(stateMachineArn("missing-route"));
  }
}
