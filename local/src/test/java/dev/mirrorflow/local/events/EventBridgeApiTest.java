package dev.mirrorflow.local.events;

import static dev.mirrorflow.local.events.LocalEventBridge.ROLE_ARN;
import static dev.mirrorflow.local.events.LocalEventBridge.stateMachineArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** The local EventBridge's API, driven by the real AWS SDK v2 client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventBridgeApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private LocalEventBridge local;
  private EventBridgeClient eb;

  @BeforeAll
  void start() {
    local = new LocalEventBridge(1.0);
    eb = local.client;
  }

  @AfterAll
  void stop() {
    local.close();
  }

  // ---------------------------------------------------------------- buses

  @Test
  void createEventBus_whenNew_isDescribedAndListed() {
    String arn = eb.createEventBus(b -> b.name("bus-crud").description("for tests")).eventBusArn();

    assertThat(arn).isEqualTo("arn:aws:events:us-east-1:000000000000:event-bus/bus-crud");
    DescribeEventBusResponse described = eb.describeEventBus(b -> b.name("bus-crud"));
    assertThat(described.arn()).isEqualTo(arn);
    assertThat(described.description()).isEqualTo("for tests");
    assertThat(described.creationTime()).isNotNull();
    assertThat(eb.listEventBuses(b -> b.namePrefix("bus-cr")).eventBuses())
        .extracting(b -> b.name())
        .containsExactly("bus-crud");
    assertThat(eb.describeEventBus(b -> b.name(arn)).name()).isEqualTo("bus-crud");

    eb.deleteEventBus(b -> b.name("bus-crud"));
    assertThatThrownBy(() -> eb.describeEventBus(b -> b.name("bus-crud")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Event bus bus-crud does not exist.");
  }

  @Test
  void createEventBus_whenNameTaken_failsWithResourceAlreadyExists() {
    eb.createEventBus(b -> b.name("bus-twice"));

    assertThatThrownBy(() -> eb.createEventBus(b -> b.name("bus-twice")))
        .isInstanceOf(ResourceAlreadyExistsException.class)
        .hasMessageContaining("Event bus bus-twice already exists.");
    assertThatThrownBy(() -> eb.createEventBus(b -> b.name("default")))
        .isInstanceOf(ResourceAlreadyExistsException.class);
  }

  @Test
  void deleteEventBus_whenDefault_failsAndWhenMissing_succeeds() {
    assertThatThrownBy(() -> eb.deleteEventBus(b -> b.name("default")))
        .isInstanceOf(EventBridgeException.class)
        .satisfies(e -> assertThat(((EventBridgeException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
        .hasMessageContaining("Cannot delete event bus default.");

    eb.deleteEventBus(b -> b.name("never-created"));
  }

  @Test
  void listEventBuses_withLimit_pagesWithNextToken() {
    IntStream.range(0, 5).forEach(i -> eb.createEventBus(b -> b.name("paged-bus-" + i)));

    List<String> names = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      var page = eb.listEventBuses(b -> b.namePrefix("paged-bus-").limit(2).nextToken(t));
      page.eventBuses().forEach(bus -> names.add(bus.name()));
      token = page.nextToken();
      pages++;
    } while (token != null);

    assertThat(names).containsExactly("paged-bus-0", "paged-bus-1", "paged-bus-2", "paged-bus-3", "paged-bus-4");
    assertThat(pages).isEqualTo(3);
  }

  // ---------------------------------------------------------------- rules

  @Test
  void putRule_onDefaultBus_isDescribedWithItsArn() {
    String pattern = "{\"source\":[\"mirrorflow\"]}";
    String arn = eb.putRule(b -> b.name("rule-default").eventPattern(pattern).description("d")).ruleArn();

    assertThat(arn).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/rule-default");
    DescribeRuleResponse rule = eb.describeRule(b -> b.name("rule-default"));
    assertThat(rule.arn()).isEqualTo(arn);
    assertThat(rule.eventPattern()).isEqualTo(pattern);
    assertThat(rule.state()).isEqualTo(RuleState.ENABLED);
    assertThat(rule.description()).isEqualTo("d");
    assertThat(rule.eventBusName()).isEqualTo("default");
    assertThat(rule.createdBy()).isEqualTo("000000000000");
  }

  @Test
  void putRule_onCustomBus_hasBusInArn() {
    eb.createEventBus(b -> b.name("rules-bus"));

    String arn = eb.putRule(b -> b.name("on-custom").eventBusName("rules-bus").eventPattern("{\"source\":[\"x\"]}"))
        .ruleArn();

    assertThat(arn).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/rules-bus/on-custom");
    assertThatThrownBy(() -> eb.describeRule(b -> b.name("on-custom")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Rule on-custom does not exist on EventBus default.");
    assertThat(eb.describeRule(b -> b.name("on-custom").eventBusName("rules-bus")).eventBusName()).isEqualTo("rules-bus");
  }

  @Test
  void putRule_withScheduleOnCustomBus_failsAsAwsDoes() {
    eb.createEventBus(b -> b.name("no-schedules"));

    assertThatThrownBy(() -> eb.putRule(b -> b.name("s").eventBusName("no-schedules").scheduleExpression("rate(1 minute)")))
        .isInstanceOf(EventBridgeException.class)
        .hasMessageContaining("ScheduleExpression is supported only on the default event bus.");
  }

  @Test
  void putRule_withBadSchedule_failsWithValidation() {
    for (String bad : List.of("rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "cron(0 1 * * * *)", "cron(71 8 1 * ? *)", "every minute")) {
      assertThatThrownBy(() -> eb.putRule(b -> b.name("bad-schedule").scheduleExpression(bad)))
          .as(bad)
          .isInstanceOf(EventBridgeException.class)
          .hasMessageContaining("Parameter ScheduleExpression is not valid.");
    }
  }

  @Test
  void putRule_withoutPatternOrSchedule_failsWithValidation() {
    assertThatThrownBy(() -> eb.putRule(b -> b.name("nothing")))
        .isInstanceOf(EventBridgeException.class)
        .hasMessageContaining("Parameter(s) EventPattern or ScheduleExpression must be specified.");
  }

  @Test
  void putRule_withInvalidPattern_failsWithInvalidEventPattern() {
    assertThatThrownBy(() -> eb.putRule(b -> b.name("bad-pattern").eventPattern("{\"source\":\"aws.ec2\"}")))
        .isInstanceOf(InvalidEventPatternException.class)
        .hasMessageContaining("Event pattern is not valid. Reason: \"source\" must be an object or an array");
  }

  @Test
  void putRule_withBadName_failsWithValidation() {
    assertThatThrownBy(() -> eb.putRule(b -> b.name("no spaces").eventPattern("{\"a\":[1]}")))
        .isInstanceOf(EventBridgeException.class)
        .hasMessageContaining("Member must satisfy regular expression pattern");
  }

  @Test
  void putRule_whenNameLongerThan64_failsWithValidationAndWhen64_succeeds() {
    String max = "r".repeat(64);
    assertThatThrownBy(() -> eb.putRule(b -> b.name(max + "x").eventPattern("{\"a\":[1]}")))
        .isInstanceOfSatisfying(EventBridgeException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    assertThat(eb.putRule(b -> b.name(max).eventPattern("{\"a\":[1]}")).ruleArn()).endsWith(":rule/" + max);
    eb.deleteRule(b -> b.name(max));
  }

  @Test
  void putRule_whenTheBusHoldsItsQuotaOfRules_failsWithLimitExceededButUpdatesStillWork() {
    eb.createEventBus(b -> b.name("quota-bus"));
    local.events.rulesPerBus(3);
    try {
      for (int i = 0; i < 3; i++) {
        String name = "quota-" + i;
        eb.putRule(b -> b.name(name).eventBusName("quota-bus").eventPattern("{\"a\":[1]}"));
      }

      assertThatThrownBy(() -> eb.putRule(b -> b.name("quota-3").eventBusName("quota-bus").eventPattern("{\"a\":[1]}")))
          .isInstanceOfSatisfying(LimitExceededException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException"));
      assertThat(eb.listRules(b -> b.eventBusName("quota-bus")).rules()).hasSize(3);
      eb.putRule(b -> b.name("quota-0").eventBusName("quota-bus").eventPattern("{\"b\":[2]}").state(RuleState.DISABLED));
      assertThat(eb.describeRule(b -> b.name("quota-0").eventBusName("quota-bus")).state()).isEqualTo(RuleState.DISABLED);
      eb.deleteRule(b -> b.name("quota-2").eventBusName("quota-bus"));
      eb.putRule(b -> b.name("quota-3").eventBusName("quota-bus").eventPattern("{\"a\":[1]}"));
    } finally {
      local.events.rulesPerBus(EventsService.DEFAULT_RULES_PER_BUS);
    }
  }

  @Test
  void putTargets_whenInputLongerThan8192_failsWholeRequestWithValidationAndWhen8192_succeeds() {
    eb.putRule(b -> b.name("big-input").eventPattern("{\"source\":[\"x\"]}"));
    String fits = "\"" + "x".repeat(8_190) + "\"";

    assertThatThrownBy(() -> eb.putTargets(b -> b.rule("big-input").targets(
            t -> t.id("ok").arn("arn:aws:lambda:us-east-1:000000000000:function:f"),
            t -> t.id("big").arn("arn:aws:lambda:us-east-1:000000000000:function:f").input("\"" + "x".repeat(8_191) + "\""))))
        .isInstanceOfSatisfying(EventBridgeException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    assertThat(eb.listTargetsByRule(b -> b.rule("big-input")).targets()).as("nothing written").isEmpty();

    PutTargetsResponse put = eb.putTargets(b -> b.rule("big-input").targets(
        t -> t.id("max").arn("arn:aws:lambda:us-east-1:000000000000:function:f").input(fits)));
    assertThat(put.failedEntryCount()).isZero();
    assertThat(eb.listTargetsByRule(b -> b.rule("big-input")).targets()).extracting(Target::input).containsExactly(fits);
  }

  @Test
  void listRules_withPrefixAndLimit_pages() {
    for (String name : List.of("list-a", "list-b", "list-c", "other")) {
      eb.putRule(b -> b.name(name).eventPattern("{\"source\":[\"x\"]}"));
    }

    ListRulesResponse first = eb.listRules(b -> b.namePrefix("list-").limit(2));
    ListRulesResponse second = eb.listRules(b -> b.namePrefix("list-").limit(2).nextToken(first.nextToken()));

    assertThat(first.rules()).extracting(Rule::name).containsExactly("list-a", "list-b");
    assertThat(second.rules()).extracting(Rule::name).containsExactly("list-c");
    assertThat(second.nextToken()).isNull();
    assertThat(first.rules().get(0).arn()).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/list-a");
  }

  @Test
  void disableRule_thenEnableRule_changesState() {
    eb.putRule(b -> b.name("toggle").eventPattern("{\"source\":[\"x\"]}"));

    eb.disableRule(b -> b.name("toggle"));
    assertThat(eb.describeRule(b -> b.name("toggle")).state()).isEqualTo(RuleState.DISABLED);
    eb.enableRule(b -> b.name("toggle"));
    assertThat(eb.describeRule(b -> b.name("toggle")).state()).isEqualTo(RuleState.ENABLED);
    assertThatThrownBy(() -> eb.enableRule(b -> b.name("no-such-rule"))).isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void deleteRule_whileTargetsRemain_failsThenSucceedsAfterRemoveTargets() {
    eb.putRule(b -> b.name("with-targets").eventPattern("{\"source\":[\"x\"]}"));
    eb.putTargets(b -> b.rule("with-targets").targets(t -> t.id("t1").arn(stateMachineArn("sm")).roleArn(ROLE_ARN)));

    assertThatThrownBy(() -> eb.deleteRule(b -> b.name("with-targets")))
        .isInstanceOf(EventBridgeException.class)
        .hasMessageContaining("Rule can't be deleted since it has targets.");

    eb.removeTargets(b -> b.rule("with-targets").ids("t1"));
    eb.deleteRule(b -> b.name("with-targets"));
    assertThatThrownBy(() -> eb.describeRule(b -> b.name("with-targets"))).isInstanceOf(ResourceNotFoundException.class);
  }

  // ---------------------------------------------------------------- targets

  @Test
  void putTargets_thenListTargetsByRule_returnsThemAsGiven() {
    eb.putRule(b -> b.name("targets-rule").eventPattern("{\"source\":[\"x\"]}"));

    PutTargetsResponse put = eb.putTargets(b -> b.rule("targets-rule").targets(
        Target.builder().id("reconcile").arn(stateMachineArn("sm")).roleArn(ROLE_ARN)
            .input("{\"cluster\":\"c1\"}")
            .retryPolicy(r -> r.maximumRetryAttempts(3).maximumEventAgeInSeconds(120))
            .deadLetterConfig(d -> d.arn("arn:aws:sqs:us-east-1:000000000000:dlq"))
            .build(),
        Target.builder().id("fn").arn("arn:aws:lambda:us-east-1:000000000000:function:f").build()));

    assertThat(put.failedEntryCount()).isZero();
    List<Target> listed = eb.listTargetsByRule(b -> b.rule("targets-rule")).targets();
    assertThat(listed).extracting(Target::id).containsExactly("reconcile", "fn");
    assertThat(listed.get(0).input()).isEqualTo("{\"cluster\":\"c1\"}");
    assertThat(listed.get(0).retryPolicy().maximumRetryAttempts()).isEqualTo(3);
    assertThat(listed.get(0).deadLetterConfig().arn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:dlq");
    assertThat(eb.listRuleNamesByTarget(b -> b.targetArn(stateMachineArn("sm"))).ruleNames()).contains("targets-rule");
  }

  @Test
  void listTargetsByRule_withLimit_pagesInOrder() {
    eb.putRule(b -> b.name("paged-targets").eventPattern("{\"source\":[\"x\"]}"));
    eb.putTargets(b -> b.rule("paged-targets").targets(IntStream.range(0, 5)
        .mapToObj(i -> Target.builder().id("z" + (4 - i)).arn("arn:aws:lambda:us-east-1:000000000000:function:f").build())
        .toList()));

    List<String> ids = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      var page = eb.listTargetsByRule(b -> b.rule("paged-targets").limit(2).nextToken(t));
      page.targets().forEach(target -> ids.add(target.id()));
      token = page.nextToken();
    } while (token != null);

    assertThat(ids).containsExactly("z4", "z3", "z2", "z1", "z0");
  }

  @Test
  void putTargets_whenStateMachineTargetLacksRole_failsWithValidation() {
    eb.putRule(b -> b.name("no-role").eventPattern("{\"source\":[\"x\"]}"));

    assertThatThrownBy(() -> eb.putTargets(b -> b.rule("no-role").targets(
            t -> t.id("ok").arn("arn:aws:lambda:us-east-1:000000000000:function:f"),
            t -> t.id("bad").arn(stateMachineArn("sm")))))
        .isInstanceOf(EventBridgeException.class)
        .hasMessageContaining("RoleArn is required for target " + stateMachineArn("sm") + ".");
    assertThat(eb.listTargetsByRule(b -> b.rule("no-role")).targets()).isEmpty();
  }

  @Test
  void putTargets_withMalformedArn_reportsFailedEntry() {
    eb.putRule(b -> b.name("bad-arn").eventPattern("{\"source\":[\"x\"]}"));

    PutTargetsResponse put = eb.putTargets(b -> b.rule("bad-arn").targets(
        t -> t.id("ok").arn("arn:aws:lambda:us-east-1:000000000000:function:f"),
        t -> t.id("bad").arn("not-an-arn")));

    assertThat(put.failedEntryCount()).isEqualTo(1);
    assertThat(put.failedEntries().get(0).targetId()).isEqualTo("bad");
    assertThat(put.failedEntries().get(0).errorCode()).isEqualTo("ValidationException");
    assertThat(put.failedEntries().get(0).errorMessage())
        .isEqualTo("Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.");
    assertThat(eb.listTargetsByRule(b -> b.rule("bad-arn")).targets()).extracting(Target::id).containsExactly("ok");
  }

  @Test
  void removeTargets_withUnknownId_reportsFailedEntry() {
    eb.putRule(b -> b.name("remove-some").eventPattern("{\"source\":[\"x\"]}"));
    eb.putTargets(b -> b.rule("remove-some").targets(t -> t.id("t1").arn("arn:aws:lambda:us-east-1:000000000000:function:f")));

    var removed = eb.removeTargets(b -> b.rule("remove-some").ids("t1", "nope"));

    assertThat(removed.failedEntryCount()).isEqualTo(1);
    assertThat(removed.failedEntries().get(0).targetId()).isEqualTo("nope");
    assertThat(removed.failedEntries().get(0).errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(eb.listTargetsByRule(b -> b.rule("remove-some")).targets()).isEmpty();
  }

  @Test
  void putTargets_beyondFivePerRule_failsWithLimitExceeded() {
    eb.putRule(b -> b.name("many-targets").eventPattern("{\"source\":[\"x\"]}"));
    List<Target> six = IntStream.range(0, 6)
        .mapToObj(i -> Target.builder().id("t" + i).arn("arn:aws:lambda:us-east-1:000000000000:function:f").build())
        .toList();

    assertThatThrownBy(() -> eb.putTargets(b -> b.rule("many-targets").targets(six)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("The requested resource exceeds the maximum number allowed.");
  }

  @Test
  void putTargets_withTwoInputKinds_failsWithValidation() {
    eb.putRule(b -> b.name("two-inputs").eventPattern("{\"source\":[\"x\"]}"));

    assertThatThrownBy(() -> eb.putTargets(b -> b.rule("two-inputs").targets(
            t -> t.id("t").arn("arn:aws:lambda:us-east-1:000000000000:function:f").input("{}").inputPath("$.detail"))))
        .isInstanceOf(EventBridgeException.class)
        .hasMessageContaining("Only one of Input, InputPath, or InputTransformer must be provided for target t.");
  }

  @Test
  void putTargets_withUndefinedPlaceholder_failsWithValidation() {
    eb.putRule(b -> b.name("bad-template").eventPattern("{\"source\":[\"x\"]}"));

    assertThatThrownBy(() -> eb.putTargets(b -> b.rule("bad-template").targets(
            t -> t.id("t").arn("arn:aws:lambda:us-east-1:000000000000:function:f")
                .inputTransformer(x -> x.inputPathsMap(java.util.Map.of("a", "$.detail.a")).inputTemplate("{\"b\": <b>}")))))
        .isInstanceOf(EventBridgeException.class)
        .hasMessageContaining("InputTemplate for target t contains invalid placeholder b.");
  }

  @Test
  void putTargets_onMissingRule_failsWithResourceNotFound() {
    assertThatThrownBy(() -> eb.putTargets(b -> b.rule("ghost").targets(t -> t.id("t").arn("arn:aws:lambda:us-east-1:000000000000:function:f"))))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Rule ghost does not exist on EventBus default.");
  }

  // ---------------------------------------------------------------- tags

  @Test
  void tagResource_onRule_isListedAndUntagged() {
    String arn = eb.putRule(b -> b.name("tagged").eventPattern("{\"source\":[\"x\"]}").tags(Tag.builder().key("a").value("1").build()))
        .ruleArn();

    eb.tagResource(b -> b.resourceARN(arn).tags(Tag.builder().key("b").value("2").build()));
    assertThat(eb.listTagsForResource(b -> b.resourceARN(arn)).tags())
        .extracting(Tag::key, Tag::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "1"), org.assertj.core.groups.Tuple.tuple("b", "2"));

    eb.untagResource(b -> b.resourceARN(arn).tagKeys("a"));
    assertThat(eb.listTagsForResource(b -> b.resourceARN(arn)).tags()).extracting(Tag::key).containsExactly("b");
  }

  @Test
  void tagResource_onRuleOfCustomBus_usesBusFromArn() {
    eb.createEventBus(b -> b.name("tag-bus"));
    String arn = eb.putRule(b -> b.name("r").eventBusName("tag-bus").eventPattern("{\"source\":[\"x\"]}")).ruleArn();

    eb.tagResource(b -> b.resourceARN(arn).tags(Tag.builder().key("k").value("v").build()));

    assertThat(eb.listTagsForResource(b -> b.resourceARN(arn)).tags()).extracting(Tag::value).containsExactly("v");
    assertThatThrownBy(() -> eb.listTagsForResource(b -> b.resourceARN("arn:aws:events:us-east-1:000000000000:rule/missing")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Rule missing does not exist on EventBus default.");
  }

  // ---------------------------------------------------------------- PutEvents

  @Test
  void putEvents_withMoreThanTenEntries_failsWithValidation() {
    List<PutEventsRequestEntry> eleven = IntStream.range(0, 11)
        .mapToObj(i -> PutEventsRequestEntry.builder().source("s").detailType("t").detail("{}").build())
        .toList();

    assertThatThrownBy(() -> eb.putEvents(b -> b.entries(eleven)))
        .isInstanceOf(EventBridgeException.class)
        .satisfies(e -> assertThat(((EventBridgeException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
        .hasMessageContaining("Member must have length less than or equal to 10");
  }

  @Test
  void putEvents_withBadEntries_reportsEachFailureInOrder() {
    PutEventsResponse response = eb.putEvents(b -> b.entries(
        PutEventsRequestEntry.builder().source("s").detailType("t").detail("{\"ok\":true}").build(),
        PutEventsRequestEntry.builder().detailType("t").detail("{}").build(),
        PutEventsRequestEntry.builder().source("s").detailType("t").detail("[1,2]").build(),
        PutEventsRequestEntry.builder().source("s").detail("{}").build()));

    assertThat(response.failedEntryCount()).isEqualTo(3);
    assertThat(response.entries().get(0).eventId()).isNotBlank();
    assertThat(response.entries().get(0).errorCode()).isNull();
    assertThat(response.entries().get(1).errorCode()).isEqualTo("InvalidArgument");
    assertThat(response.entries().get(1).errorMessage())
        .isEqualTo("Parameter Source is not valid. Reason: Source is a required argument.");
    assertThat(response.entries().get(2).errorCode()).isEqualTo("MalformedDetail");
    assertThat(response.entries().get(3).errorMessage())
        .isEqualTo("Parameter DetailType is not valid. Reason: DetailType is a required argument.");
  }

  // ---------------------------------------------------------------- TestEventPattern

  static Stream<Arguments> patternCases() throws IOException {
    JsonNode cases = resource("pattern-cases.json");
    List<Arguments> out = new ArrayList<>();
    cases.forEach(c -> out.add(Arguments.of(c.get("name").asText(), c.get("pattern").toString(), c.get("matches").asBoolean())));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patternCases")
  void testEventPattern_withDocumentedExample_matchesAsDocumented(String name, String pattern, boolean matches)
      throws IOException {
    String event = resource("ec2-state-change.json").toString();

    boolean result = eb.testEventPattern(b -> b.eventPattern(pattern).event(event)).result();

    assertThat(result).as(name).isEqualTo(matches);
  }

  static Stream<Arguments> invalidPatterns() throws IOException {
    List<Arguments> out = new ArrayList<>();
    resource("invalid-patterns.json").forEach(c -> out.add(Arguments.of(c.get("pattern").asText(), c.get("reason").asText())));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPatterns")
  void testEventPattern_withInvalidPattern_failsWithReason(String pattern, String reason) throws IOException {
    String event = resource("ec2-state-change.json").toString();

    assertThatThrownBy(() -> eb.testEventPattern(b -> b.eventPattern(pattern).event(event)))
        .isInstanceOf(InvalidEventPatternException.class)
        .hasMessageContaining("Event pattern is not valid. Reason: " + reason);
  }

  @Test
  void testEventPattern_withEventMissingEnvelopeFields_failsWithValidation() {
    assertThatThrownBy(() -> eb.testEventPattern(b -> b.eventPattern("{\"a\":[1]}").event("{\"a\":1}")))
        .isInstanceOf(EventBridgeException.class)
        .hasMessageContaining("Parameter Event is not valid.");
  }

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = EventBridgeApiTest.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource /events/" + name);
      }
      return JSON.readTree(in);
    }
  }
}
