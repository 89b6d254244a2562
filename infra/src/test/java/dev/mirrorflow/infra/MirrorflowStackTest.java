package dev.mirrorflow.infra;

import static dev.mirrorflow.infra.TemplateView.bySid;
import static dev.mirrorflow.infra.TemplateView.list;
import static dev.mirrorflow.infra.TemplateView.render;
import static dev.mirrorflow.infra.TemplateView.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack of cluster {@code demo} built from the fixture workflows (with an event router), an
 * existing mirror target, a created filter and an alarm e-mail: one synthesis shared by every test.
 */
class MirrorflowStackTest {

  private static final Set<String> STEPS =
      Set.of("CreateSessions", "DeleteSessions", "DiffSessions", "ListEnis", "PlanVpc", "RouteEvent", "ValidateVpc");
  private static final Set<String> WORKFLOWS =
      Set.of("add-vpc", "event-router", "reconcile-vpc", "remove-vpc", "scan-vpc");

  private static Path tmp;
  private static TestStacks.Synth synth;
  private static TemplateView view;

  @BeforeAll
  static void synthesize() throws Exception {
    tmp = Files.createTempDirectory("mirrorflow-infra-test");
    Path dir = TestStacks.fixtureStateMachines();
    Path jar = TestStacks.fakeActivitiesJar(tmp, WorkflowDefinitions.load(dir).steps());
    synth = TestStacks.synth(
        new ClusterSettings("demo", new MirrorTarget.Existing("tmt-0123456789abcdef0"), Optional.empty(),
            Optional.of("ops@example.com"), dir, jar, true));
    view = new TemplateView(synth.template());
  }

  @AfterAll
  static void cleanUp() throws Exception {
    try (var files = Files.walk(tmp)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void nag_whenAwsSolutionsChecksRun_reportsNoErrors() {
    assertThat(synth.nagErrors()).isEmpty();
  }

  @Test
  void bus_whenSynthesized_isNamedAfterCluster() {
    synth.template().hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "mirrorflow-demo"));
  }

  @Test
  void stateMachines_whenSynthesized_areOnePerDefinitionWithTheirWorkflowType() {
    Map<String, String> types = view.resources("AWS::StepFunctions::StateMachine").values().stream()
        .collect(Collectors.toMap(
            sm -> sm.path("Properties").path("StateMachineName").asText(),
            sm -> sm.path("Properties").path("StateMachineType").asText()));
    assertThat(types).isEqualTo(Map.of(
        "mirrorflow-demo-reconcile-vpc", "EXPRESS",
        "mirrorflow-demo-event-router", "EXPRESS",
        "mirrorflow-demo-add-vpc", "STANDARD",
        "mirrorflow-demo-remove-vpc", "STANDARD",
        "mirrorflow-demo-scan-vpc", "EXPRESS"));
  }

  @Test
  void stateMachines_whenSynthesized_logEverythingWithTracingAndRetention() {
    for (JsonNode sm : view.resources("AWS::StepFunctions::StateMachine").values()) {
      JsonNode p = sm.path("Properties");
      assertThat(p.path("TracingConfiguration").path("Enabled").asBoolean()).isTrue();
      assertThat(p.path("LoggingConfiguration").path("Level").asText()).isEqualTo("ALL");
      assertThat(p.path("LoggingConfiguration").path("IncludeExecutionData").asBoolean())
          .isEqualTo(p.path("StateMachineType").asText().equals("EXPRESS"));
      String logGroup = p.path("LoggingConfiguration").path("Destinations").get(0)
          .path("CloudWatchLogsLogGroup").path("LogGroupArn").path("Fn::GetAtt").get(0).asText();
      JsonNode group = view.root().path("Resources").path(logGroup).path("Properties");
      assertThat(group.path("LogGroupName").asText())
          .isEqualTo("/aws/vendedlogs/states/" + p.path("StateMachineName").asText());
      assertThat(group.path("RetentionInDays").asInt()).isEqualTo(30);
    }
  }

  @Test
  void definitions_whenDeployed_haveNoPlaceholderLeftAndStayJson() throws Exception {
    for (JsonNode sm : view.resources("AWS::StepFunctions::StateMachine").values()) {
      String deployed = TemplateView.deployedDefinition(sm);
      assertThat(deployed).as(sm.path("Properties").path("StateMachineName").asText()).doesNotContain("${");
      assertThat(TemplateView.JSON.readTree(deployed).path("States").isObject()).isTrue();
    }
  }

  @Test
  void definitions_whenDeployed_substituteTheConventionsValues() throws Exception {
    JsonNode addVpc = stateMachine("mirrorflow-demo-add-vpc");
    JsonNode substitutions = addVpc.path("Properties").path("DefinitionSubstitutions");
    assertThat(iterable(substitutions.fieldNames())).containsExactlyInAnyOrder(
        "ClusterName", "ClusterBusName", "RulePrefix", "Partition", "Region", "AccountId",
        "EventsRoleArn", "ScheduleGroupName", "SchedulerRoleArn", "DeadLetterQueueArn", "DefaultTargetId", "DefaultFilterId",
        "ScanRate", "ValidateVpcFunctionArn", "ReconcileVpcStateMachineArn", "ScanVpcStateMachineArn");
    assertThat(substitutions.path("ClusterName").asText()).isEqualTo("demo");
    assertThat(substitutions.path("RulePrefix").asText()).isEqualTo("mirrorflow-demo-");
    assertThat(substitutions.path("ClusterBusName").path("Ref").asText())
        .isEqualTo(view.logicalId("AWS::Events::EventBus", "ClusterBus"));
    assertThat(substitutions.path("Partition").path("Ref").asText()).isEqualTo("AWS::Partition");
    assertThat(substitutions.path("Region").path("Ref").asText()).isEqualTo("AWS::Region");
    assertThat(substitutions.path("AccountId").path("Ref").asText()).isEqualTo("AWS::AccountId");
    assertThat(substitutions.path("EventsRoleArn").path("Fn::GetAtt").get(0).asText())
        .isEqualTo(view.logicalId("AWS::IAM::Role", "EventsRole"));
    assertThat(substitutions.path("DeadLetterQueueArn").path("Fn::GetAtt").get(0).asText())
        .isEqualTo(view.logicalId("AWS::SQS::Queue", "DeadLetterQueue"));
    assertThat(substitutions.path("DefaultTargetId").asText()).startsWith("tmt-");
    assertThat(substitutions.path("ScanRate").asText()).as("the default cadence").isEqualTo("rate(1 minute)");
    assertThat(render(substitutions.path("ReconcileVpcStateMachineArn")))
        .isEqualTo("arn:<Ref:AWS::Partition>:states:<Ref:AWS::Region>:<Ref:AWS::AccountId>:stateMachine:"
            + "mirrorflow-demo-reconcile-vpc");
    // Steps are invoked through their alias: SnapStart only serves published versions.
    assertThat(substitutions.path("ValidateVpcFunctionArn").path("Ref").asText())
        .isEqualTo(view.logicalId("AWS::Lambda::Alias", "ValidateVpcLive"));
  }

  @Test
  void functions_whenSynthesized_areOnePerStepPlaceholder() {
    Map<String, JsonNode> functions = view.resources("AWS::Lambda::Function");
    Set<String> names = functions.values().stream()
        .map(f -> f.path("Properties").path("FunctionName").asText()).collect(Collectors.toSet());
    assertThat(names).isEqualTo(STEPS.stream().map(s -> "mirrorflow-demo-" + s).collect(Collectors.toSet()));
    for (JsonNode fn : functions.values()) {
      JsonNode p = fn.path("Properties");
      String step = p.path("FunctionName").asText().substring("mirrorflow-demo-".length());
      assertThat(p.path("Handler").asText())
          .isEqualTo("dev.mirrorflow.activities.handler." + step + "Handler::handleRequest");
      assertThat(p.path("Runtime").asText()).isEqualTo("java21");
      assertThat(texts(p.path("Architectures"))).containsExactly("arm64");
      assertThat(p.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
      assertThat(p.path("MemorySize").asInt()).isEqualTo(1024);
      assertThat(p.path("Timeout").asInt()).isEqualTo(60);
      assertThat(p.path("Role").path("Fn::GetAtt").get(0).asText())
          .isEqualTo(view.logicalId("AWS::IAM::Role", "ActivitiesRole"));
      JsonNode env = p.path("Environment").path("Variables");
      assertThat(env.path("MIRRORFLOW_CLUSTER").asText()).isEqualTo("demo");
      // Only what the activities read: the bus, the default target and filter reach the workflows as
      // definition substitutions, and the metrics' namespace is the activities' own constant.
      assertThat(iterable(env.fieldNames()))
          .contains("MIRRORFLOW_CLUSTER", AllowedTargets.TARGETS_VARIABLE, AllowedTargets.FILTERS_VARIABLE)
          .doesNotContain("MIRRORFLOW_CLUSTER_BUS", "MIRRORFLOW_RULE_PREFIX", "MIRRORFLOW_DEFAULT_TARGET_ID",
              "MIRRORFLOW_DEFAULT_FILTER_ID", "MIRRORFLOW_METRICS_NAMESPACE");
    }
    synth.template().resourceCountIs("AWS::Lambda::Alias", STEPS.size());
    synth.template().allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
  }

  @Test
  void functionLogs_whenSynthesized_haveRetention() {
    for (String step : STEPS) {
      synth.template().hasResourceProperties("AWS::Logs::LogGroup",
          Map.of("LogGroupName", "/aws/lambda/mirrorflow-demo-" + step, "RetentionInDays", 30));
    }
  }

  @Test
  void stateChangeRule_whenRouterExists_feedsEc2AndEcsChangesToIt() {
    JsonNode rule = view.resources("AWS::Events::Rule").values().stream()
        .filter(r -> r.path("Properties").path("Name").asText().endsWith("-state-changes")).findFirst().orElseThrow()
        .path("Properties");
    assertThat(view.resources("AWS::Events::Rule")).as("state changes, scan requests, registration changes").hasSize(3);
    assertThat(rule.path("Name").asText()).isEqualTo("mirrorflow-demo-state-changes");
    assertThat(rule.has("EventBusName")).as("on the default bus").isFalse();
    JsonNode branches = rule.path("EventPattern").path("$or");
    assertThat(TemplateView.JSON.convertValue(branches.get(0), Map.class)).isEqualTo(Map.of(
        "source", List.of("aws.ec2", "aws.ecs"),
        "detail-type", List.of("EC2 Instance State-change Notification", "ECS Task State Change")));
    assertThat(branches.get(1).path("detail-type").get(0).asText()).isEqualTo("AWS API Call via CloudTrail");
    assertThat(branches.get(1).path("detail").path("userIdentity").path("arn").get(0)
        .path("anything-but").path("wildcard").asText()).as("never Mirrorflow's own calls")
        .isEqualTo("arn:*:sts::*:assumed-role/mirrorflow-*");
    JsonNode target = rule.path("Targets").get(0);
    assertThat(target.path("Arn").path("Ref").asText())
        .isEqualTo(view.logicalId("AWS::StepFunctions::StateMachine", "EventRouterStateMachine"));
    assertThat(target.path("RoleArn").path("Fn::GetAtt").get(0).asText())
        .isEqualTo(view.logicalId("AWS::IAM::Role", "EventsRole"));
    assertThat(target.path("DeadLetterConfig").path("Arn").path("Fn::GetAtt").get(0).asText())
        .isEqualTo(view.logicalId("AWS::SQS::Queue", "DeadLetterQueue"));
    assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").asInt()).isEqualTo(8);
    assertThat(target.path("RetryPolicy").path("MaximumEventAgeInSeconds").asInt()).isEqualTo(3600);
  }

  @Test
  void deadLetterQueue_whenSynthesized_isEncryptedSslOnlyAndOpenToClusterRules() {
    synth.template().hasResourceProperties("AWS::SQS::Queue",
        Map.of("QueueName", "mirrorflow-demo-dlq", "SqsManagedSseEnabled", true));
    List<JsonNode> statements = new java.util.ArrayList<>();
    view.resources("AWS::SQS::QueuePolicy").values()
        .forEach(p -> p.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add));
    assertThat(statements).anySatisfy(s -> {
      assertThat(s.path("Effect").asText()).isEqualTo("Deny");
      assertThat(s.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
    });
    JsonNode clusterRules = bySid(statements, "DeadLettersOfClusterRules");
    assertThat(clusterRules.path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
    assertThat(list(clusterRules.path("Condition").path("ArnLike").path("aws:SourceArn")).stream().map(TemplateView::render))
        .containsExactlyInAnyOrder(
            "arn:<Ref:AWS::Partition>:events:<Ref:AWS::Region>:<Ref:AWS::AccountId>:rule/mirrorflow-demo-*",
            "arn:<Ref:AWS::Partition>:events:<Ref:AWS::Region>:<Ref:AWS::AccountId>:rule/mirrorflow-demo/mirrorflow-demo-*");
  }

  @Test
  void activitiesRole_whenCreatingSessions_requiresTheOwnershipTag() {
    List<JsonNode> statements = view.statementsOfRole("ActivitiesRole");
    JsonNode create = bySid(statements, "CreateOwnedSessions");
    assertThat(texts(create.path("Action"))).containsExactly("ec2:CreateTrafficMirrorSession");
    assertThat(render(create.path("Resource"))).endsWith(":traffic-mirror-session/*");
    assertThat(create.path("Condition").path("StringEquals").path("aws:RequestTag/mirrorflow:cluster").asText())
        .isEqualTo("demo");
    assertThat(texts(create.path("Condition").path("ForAllValues:StringEquals").path("aws:TagKeys")))
        .containsExactly("mirrorflow:cluster", "mirrorflow:vpc", "mirrorflow:subnet", "mirrorflow:client-token");

    JsonNode sources = bySid(statements, "CreateSessionsOnSources");
    assertThat(texts(sources.path("Action"))).containsExactly("ec2:CreateTrafficMirrorSession");
    assertThat(list(sources.path("Resource")).stream().map(TemplateView::render).map(r -> r.substring(r.lastIndexOf(':') + 1)))
        .containsExactly("network-interface/*");
  }

  @Test
  void activitiesRole_whenCreatingSessions_mayUseOnlyTheAllowedTargetAndFilter() {
    List<JsonNode> statements = view.statementsOfRole("ActivitiesRole");
    JsonNode targets = bySid(statements, "CreateSessionsToAllowedTargets");
    assertThat(texts(targets.path("Action"))).containsExactly("ec2:CreateTrafficMirrorSession");
    assertThat(list(targets.path("Resource")).stream().map(TemplateView::render)).containsExactly(
        "arn:<Ref:AWS::Partition>:ec2:<Ref:AWS::Region>:<Ref:AWS::AccountId>:traffic-mirror-target/tmt-0123456789abcdef0");
    assertThat(targets.has("Condition")).isFalse();
    JsonNode filters = bySid(statements, "CreateSessionsWithAllowedFilters");
    assertThat(list(filters.path("Resource")).stream().map(TemplateView::render)).containsExactly(
        "arn:<Ref:AWS::Partition>:ec2:<Ref:AWS::Region>:<Ref:AWS::AccountId>:traffic-mirror-filter/<Ref:"
            + view.logicalId("AWS::EC2::TrafficMirrorFilter", "DefaultMirrorFilter") + ">");
    // No other statement lets a session name a target or filter.
    assertThat(statements.stream()
        .filter(st -> texts(st.path("Action")).contains("ec2:CreateTrafficMirrorSession"))
        .flatMap(st -> list(st.path("Resource")).stream().map(TemplateView::render))
        .filter(r -> r.contains(":traffic-mirror-target/") || r.contains(":traffic-mirror-filter/")))
        .hasSize(2)
        .noneMatch(r -> r.endsWith("/*"));
  }

  @Test
  void functions_whenSynthesized_thatDescribeHaveReservedConcurrencyAndTheirShareOfTheDescribeBudget() {
    dev.mirrorflow.activities.ec2.DescribeBudgetPlan plan = dev.mirrorflow.activities.ec2.DescribeBudgetPlan.defaults();
    java.util.Map<String, Double> perAction = new java.util.TreeMap<>();
    for (JsonNode fn : view.resources("AWS::Lambda::Function").values()) {
      JsonNode p = fn.path("Properties");
      String step = p.path("FunctionName").asText().substring("mirrorflow-demo-".length());
      JsonNode variables = p.path("Environment").path("Variables");
      if (plan.reservedConcurrency(step).isPresent()) {
        int reserved = p.path("ReservedConcurrentExecutions").asInt();
        assertThat(reserved).as(step).isEqualTo(plan.reservedConcurrency(step).get());
        assertThat(variables.path("MIRRORFLOW_DESCRIBE_BURST").asInt()).as(step).isPositive();
        // Read as the step's Lambda reads it.
        java.util.Map<String, Double> rates =
            dev.mirrorflow.activities.ec2.DescribeBudget.rates(variables.path("MIRRORFLOW_DESCRIBE_RATE").asText());
        assertThat(rates).as(step).isEqualTo(plan.rates(step));
        assertThat(p.path("Timeout").asLong()).as("%s's timeout, which its pages are planned for", step)
            .isEqualTo(dev.mirrorflow.activities.ec2.DescribeBudgetPlan.STEP_TIMEOUT.toSeconds());
        rates.forEach((action, rate) -> perAction.merge(action, reserved * rate, Double::sum));
      } else {
        assertThat(p.has("ReservedConcurrentExecutions")).as(step + " does not describe").isFalse();
        assertThat(variables.has("MIRRORFLOW_DESCRIBE_RATE")).as(step).isFalse();
      }
    }
    assertThat(perAction).as("describes a second of all instances at once, per action")
        .containsKeys("DescribeInstances", "DescribeNetworkInterfaces", "DescribeTrafficMirrorSessions", "DescribeSubnets");
    perAction.forEach((action, total) -> assertThat(total).as(action).isPositive().isLessThanOrEqualTo(0.25 * 20 + 1e-9));
  }

  @Test
  void functions_whenSynthesized_learnTheAllowedTargetsAndFiltersFromTheirEnvironment() {
    for (JsonNode fn : view.resources("AWS::Lambda::Function").values()) {
      JsonNode variables = fn.path("Properties").path("Environment").path("Variables");
      assertThat(render(variables.path("MIRRORFLOW_ALLOWED_TARGET_IDS"))).isEqualTo("tmt-0123456789abcdef0");
      assertThat(render(variables.path("MIRRORFLOW_ALLOWED_FILTER_IDS")))
          .isEqualTo("<Ref:" + view.logicalId("AWS::EC2::TrafficMirrorFilter", "DefaultMirrorFilter") + ">");
    }
  }

  @Test
  void registrationChangeRule_whenSynthesized_alarmsOnScheduleChangesInTheGroupNotMadeByTheWorkflows() {
    JsonNode rule = view.resources("AWS::Events::Rule").values().stream()
        .filter(r -> r.path("Properties").path("Name").asText().equals("mirrorflow-demo-registration-changes"))
        .findFirst().orElseThrow().path("Properties");
    assertThat(rule.has("EventBusName")).as("on the default bus, where CloudTrail delivers").isFalse();
    JsonNode pattern = rule.path("EventPattern");
    assertThat(texts(pattern.path("source"))).containsExactly("aws.scheduler");
    assertThat(texts(pattern.path("detail-type"))).containsExactly("AWS API Call via CloudTrail");
    JsonNode detail = pattern.path("detail");
    assertThat(texts(detail.path("eventSource"))).containsExactly("scheduler.amazonaws.com");
    assertThat(texts(detail.path("eventName"))).containsExactly("CreateSchedule", "UpdateSchedule", "DeleteSchedule");
    assertThat(texts(detail.path("requestParameters").path("groupName"))).containsExactly("mirrorflow-demo");
    JsonNode or = detail.path("$or");
    assertThat(texts(or.get(0).path("userIdentity").path("type").get(0).path("anything-but")))
        .containsExactly("AssumedRole");
    JsonNode notWorkflows = or.get(1).path("userIdentity").path("sessionContext").path("sessionIssuer").path("arn").get(0)
        .path("anything-but");
    assertThat(list(notWorkflows).stream().map(TemplateView::render))
        .containsExactly("<GetAtt:" + view.logicalId("AWS::IAM::Role", "StateMachineRole") + ".Arn>");
    JsonNode target = rule.path("Targets").get(0);
    assertThat(target.path("Arn").path("Ref").asText()).isEqualTo(view.logicalId("AWS::SNS::Topic", "AlarmTopic"));
    assertThat(target.path("InputTransformer").path("InputPathsMap").path("detail-userIdentity-arn").asText())
        .isEqualTo("$.detail.userIdentity.arn");
    assertThat(target.path("InputTransformer").path("InputTemplate").asText()).contains("\"who\":<detail-userIdentity-arn>")
        .contains("\"what\":<detail-eventName>");
    assertThat(target.path("DeadLetterConfig").path("Arn").path("Fn::GetAtt").get(0).asText())
        .isEqualTo(view.logicalId("AWS::SQS::Queue", "DeadLetterQueue"));
  }

  @Test
  void operatorPolicy_whenSynthesized_startsAndReadsTheClustersWorkflowsAndWritesNothingElse() {
    JsonNode policy = view.resources("AWS::IAM::ManagedPolicy").values().stream().findFirst().orElseThrow()
        .path("Properties");
    List<JsonNode> statements = list(policy.path("PolicyDocument").path("Statement"));
    JsonNode start = bySid(statements, "StartClusterWorkflows");
    assertThat(texts(start.path("Action"))).containsExactly("states:StartExecution");
    assertThat(list(start.path("Resource")).stream().map(TemplateView::render).map(r -> r.substring(r.lastIndexOf(':') + 1)))
        .containsExactlyInAnyOrder("mirrorflow-demo-add-vpc", "mirrorflow-demo-remove-vpc", "mirrorflow-demo-reconcile-vpc");
    List<String> actions = statements.stream().flatMap(st -> texts(st.path("Action")).stream()).toList();
    assertThat(actions).allSatisfy(a -> assertThat(a).matches(
        "states:(StartExecution|DescribeStateMachine|ListExecutions|DescribeExecution|GetExecutionHistory"
            + "|DescribeStateMachineForExecution|ListStateMachines)|scheduler:(GetSchedule|ListSchedules)|ec2:Describe[A-Za-z]+"));
    assertThat(actions).noneMatch(a -> a.startsWith("events:") || a.startsWith("iam:"));
    assertThat(render(bySid(statements, "ReadRegistrations").path("Resource"))).endsWith(":schedule/mirrorflow-demo/*");
    assertThat(view.root().path("Outputs").path("OperatorPolicyArn").path("Value").path("Ref").asText())
        .isEqualTo(view.logicalId("AWS::IAM::ManagedPolicy", "OperatorAccess"));
  }

  @Test
  void activitiesRole_whenTaggingOrDeleting_isLimitedToOwnedSessions() {
    List<JsonNode> statements = view.statementsOfRole("ActivitiesRole");
    JsonNode tag = bySid(statements, "TagOnlyWhileCreatingOwnedSessions");
    assertThat(texts(tag.path("Action"))).containsExactly("ec2:CreateTags");
    assertThat(tag.path("Condition").path("StringEquals").path("ec2:CreateAction").asText())
        .isEqualTo("CreateTrafficMirrorSession");
    assertThat(render(tag.path("Resource"))).endsWith(":traffic-mirror-session/*");

    JsonNode delete = bySid(statements, "DeleteOnlyOwnedSessions");
    assertThat(texts(delete.path("Action"))).containsExactly("ec2:DeleteTrafficMirrorSession");
    assertThat(delete.path("Condition").path("StringEquals").path("aws:ResourceTag/mirrorflow:cluster").asText())
        .isEqualTo("demo");

    JsonNode mark = bySid(statements, "MarkUnsupportedEnis");
    assertThat(texts(mark.path("Action"))).containsExactly("ec2:CreateTags");
    assertThat(render(mark.path("Resource"))).endsWith(":network-interface/*");
    assertThat(texts(mark.path("Condition").path("ForAllValues:StringEquals").path("aws:TagKeys")))
        .containsExactly("mirrorflow:mirroring-unsupported", "mirrorflow:refused");
  }

  @Test
  void activitiesRole_whenScanning_listsOnlyTheClusterExecutions() {
    JsonNode list = bySid(view.statementsOfRole("ActivitiesRole"), "ListClusterExecutions");
    assertThat(texts(list.path("Action"))).containsExactly("states:ListExecutions");
    assertThat(list(list.path("Resource")).stream().map(TemplateView::render))
        .isNotEmpty()
        .allMatch(r -> r.contains(":stateMachine:mirrorflow-demo-"));
  }

  @Test
  void activitiesRole_whenReading_describesOneByOneAndReadsOnlyClusterSchedules() {
    List<JsonNode> statements = view.statementsOfRole("ActivitiesRole");
    JsonNode describe = bySid(statements, "DescribeNetwork");
    assertThat(texts(describe.path("Action"))).containsExactlyElementsOf(MirrorflowStack.EC2_READ_ACTIONS)
        .allMatch(a -> a.startsWith("ec2:Describe") && !a.contains("*"));
    assertThat(describe.path("Resource").asText()).isEqualTo("*");

    JsonNode schedules = bySid(statements, "ReadClusterSchedules");
    assertThat(texts(schedules.path("Action"))).containsExactly("scheduler:GetSchedule");
    assertThat(render(schedules.path("Resource"))).isEqualTo(
        "arn:<Ref:AWS::Partition>:scheduler:<Ref:AWS::Region>:<Ref:AWS::AccountId>:schedule/mirrorflow-demo/*");
    JsonNode list = bySid(statements, "ListSchedules");
    assertThat(texts(list.path("Action"))).as("the router's notLocatable calls").containsExactly("scheduler:ListSchedules");
    assertThat(list.path("Resource").asText()).isEqualTo("*");
    assertThat(statements).noneMatch(st -> texts(st.path("Action")).stream().anyMatch(a -> a.startsWith("events:")));
  }

  @Test
  void stateMachineRole_whenInvoking_reachesOnlyTheClusterFunctions() {
    JsonNode invoke = bySid(view.statementsOfRole("StateMachineRole"), "InvokeClusterFunctions");
    assertThat(texts(invoke.path("Action"))).containsExactly("lambda:InvokeFunction");
    Set<String> aliases = view.resources("AWS::Lambda::Alias").keySet();
    assertThat(list(invoke.path("Resource")).stream().map(r -> r.path("Ref").asText()).collect(Collectors.toSet()))
        .isEqualTo(aliases);
  }

  @Test
  void stateMachineRole_whenManagingExecutions_isLimitedToClusterStateMachines() {
    List<JsonNode> statements = view.statementsOfRole("StateMachineRole");
    JsonNode start = bySid(statements, "StartClusterExecutions");
    assertThat(texts(start.path("Action"))).containsExactly("states:StartExecution", "states:StartSyncExecution");
    assertThat(list(start.path("Resource")).stream().map(TemplateView::render).map(r -> r.substring(r.lastIndexOf(':') + 1)))
        .containsExactlyInAnyOrderElementsOf(WORKFLOWS.stream().map(w -> "mirrorflow-demo-" + w).toList());
    JsonNode manage = bySid(statements, "ManageClusterExecutions");
    assertThat(texts(manage.path("Action"))).containsExactly("states:DescribeExecution", "states:StopExecution");
    assertThat(list(manage.path("Resource")).stream().map(TemplateView::render))
        .allMatch(r -> r.matches(".*:execution:mirrorflow-demo-[a-z-]+:\\*"))
        .hasSize(WORKFLOWS.size());
  }

  @Test
  void stateMachineRole_whenManagingSchedules_isLimitedToTheClustersGroupAndPassesOnlyTheSchedulerRole() {
    List<JsonNode> statements = view.statementsOfRole("StateMachineRole");
    JsonNode schedules = bySid(statements, "ManageClusterSchedules");
    assertThat(texts(schedules.path("Action"))).containsExactlyInAnyOrder(
        "scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:GetSchedule", "scheduler:DeleteSchedule");
    assertThat(render(schedules.path("Resource"))).isEqualTo(
        "arn:<Ref:AWS::Partition>:scheduler:<Ref:AWS::Region>:<Ref:AWS::AccountId>:schedule/mirrorflow-demo/*");
    assertThat(statements).noneMatch(st -> texts(st.path("Action")).stream()
        .anyMatch(a -> a.startsWith("events:") && !a.equals("events:PutEvents") && !a.equals("events:PutRule")
            && !a.equals("events:PutTargets") && !a.equals("events:DescribeRule")));

    JsonNode pass = bySid(statements, "PassSchedulerRole");
    assertThat(texts(pass.path("Action"))).containsExactly("iam:PassRole");
    assertThat(pass.path("Resource").path("Fn::GetAtt").get(0).asText())
        .isEqualTo(view.logicalId("AWS::IAM::Role", "RegistrationsSchedulerRole"));
    assertThat(pass.path("Condition").path("StringEquals").path("iam:PassedToService").asText())
        .isEqualTo("scheduler.amazonaws.com");
  }

  @Test
  void registrations_areAScheduleGroupAndOneScanRequestRule_startingOnlyScanVpc() {
    synth.template().resourceCountIs("AWS::Scheduler::ScheduleGroup", 1);
    synth.template().hasResourceProperties("AWS::Scheduler::ScheduleGroup", Map.of("Name", "mirrorflow-demo"));
    synth.template().resourceCountIs("AWS::Scheduler::Schedule", 0);
    JsonNode rule = view.resources("AWS::Events::Rule").values().stream()
        .filter(r -> r.path("Properties").path("Name").asText().equals("mirrorflow-demo-scan-requests"))
        .findFirst().orElseThrow().path("Properties");
    assertThat(rule.path("EventPattern").path("detail-type").get(0).asText()).isEqualTo("Scan Requested");
    JsonNode target = rule.path("Targets").get(0);
    assertThat(render(target.path("Arn"))).endsWith(":stateMachine:mirrorflow-demo-scan-vpc");
    assertThat(target.path("InputTransformer").path("InputPathsMap").path("vpcId").asText()).isEqualTo("$.detail.vpcId");
    assertThat(target.path("InputTransformer").path("InputTemplate").asText())
        .isEqualTo("{\"cluster\":\"demo\",\"vpcId\":\"<vpcId>\"}");
    assertThat(target.path("DeadLetterConfig").path("Arn").isMissingNode()).isFalse();

    List<JsonNode> scheduler = view.statementsOfRole("RegistrationsSchedulerRole");
    JsonNode start = bySid(scheduler, "StartScanVpc");
    assertThat(texts(start.path("Action"))).containsExactly("states:StartExecution");
    assertThat(render(start.path("Resource"))).endsWith(":stateMachine:mirrorflow-demo-scan-vpc");
    assertThat(texts(bySid(scheduler, "DeadLetters").path("Action"))).containsExactly("sqs:SendMessage");
  }

  @Test
  void stateMachineRole_whenWorkflowsUsePutEventsAndSync_getsOnlyThoseExtras() {
    List<JsonNode> statements = view.statementsOfRole("StateMachineRole");
    JsonNode putEvents = bySid(statements, "PutEventsOnClusterBus");
    assertThat(putEvents.path("Resource").path("Fn::GetAtt").get(0).asText())
        .isEqualTo(view.logicalId("AWS::Events::EventBus", "ClusterBus"));
    JsonNode sync = bySid(statements, "StepFunctionsManagedSyncRule");
    assertThat(render(sync.path("Resource"))).endsWith(":rule/StepFunctionsGetEventsForStepFunctionsExecutionRule");
  }

  @Test
  void eventsRole_whenSynthesized_isAssumedByEventsAndStartsOnlyClusterStateMachines() {
    JsonNode role = view.root().path("Resources").path(view.logicalId("AWS::IAM::Role", "EventsRole")).path("Properties");
    assertThat(role.path("AssumeRolePolicyDocument").path("Statement").get(0).path("Principal").path("Service").asText())
        .isEqualTo("events.amazonaws.com");
    assertThat(render(role.path("RoleName"))).isEqualTo("mirrorflow-demo-<Ref:AWS::Region>-events");
    for (JsonNode statement : view.statementsOfRole("EventsRole")) {
      assertThat(texts(statement.path("Action"))).containsExactly("states:StartExecution");
      assertThat(list(statement.path("Resource")).stream().map(TemplateView::render))
          .allMatch(r -> r.contains(":stateMachine:mirrorflow-demo-") || r.startsWith("<Ref:"));
    }
  }

  @Test
  void policies_whenAnyStatementAllowsEveryResource_itIsOnlyAnAwsRequiredReadOrDeliveryAction() {
    Set<String> allowedOnStar = new TreeSet<>(MirrorflowStack.EC2_READ_ACTIONS);
    // Added by the CDK for state machine logging and X-Ray; AWS supports no resource-level
    // permissions for them.
    allowedOnStar.addAll(List.of(
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"));
    // Scheduler's ListSchedules has no resource-level permission either (the router lists one group).
    allowedOnStar.add("scheduler:ListSchedules");
    for (JsonNode policy : view.resources("AWS::IAM::Policy").values()) {
      for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
        List<String> actions = texts(statement.path("Action"));
        assertThat(actions).noneMatch(a -> a.equals("*") || a.endsWith(":*") || a.equals("ec2:*"));
        if (texts(statement.path("Resource")).contains("*")) {
          assertThat(allowedOnStar).as("actions allowed on every resource").containsAll(actions);
        }
      }
    }
  }

  @Test
  void alarms_whenSynthesized_coverWhatNeedsAPersonAndNotifyTheTopic() {
    String topic = view.logicalId("AWS::SNS::Topic", "AlarmTopic");
    Map<String, JsonNode> alarms = view.resources("AWS::CloudWatch::Alarm");
    assertThat(alarms).hasSize(WORKFLOWS.size() * 2 + 3);
    Set<String> names = alarms.values().stream().map(a -> a.path("Properties").path("AlarmName").asText())
        .collect(Collectors.toSet());
    for (String workflow : WORKFLOWS) {
      assertThat(names).contains("mirrorflow-demo-" + workflow + "-failed", "mirrorflow-demo-" + workflow + "-timed-out");
    }
    assertThat(names).contains("mirrorflow-demo-dlq-not-empty", "mirrorflow-demo-subnets-failed",
        "mirrorflow-demo-permanent-refusals");
    assertThat(alarms.values()).as("no alarm pages on a function's Errors: a throttled batch is retried")
        .noneMatch(a -> a.path("Properties").path("Namespace").asText().equals("AWS/Lambda"))
        .noneMatch(a -> a.path("Properties").path("MetricName").asText().equals("Errors"));
    for (JsonNode alarm : alarms.values()) {
      assertThat(alarm.path("Properties").path("AlarmActions").get(0).path("Ref").asText()).isEqualTo(topic);
    }
    synth.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "AlarmName", "mirrorflow-demo-dlq-not-empty",
        "MetricName", "ApproximateNumberOfMessagesVisible",
        "Namespace", "AWS/SQS",
        "Threshold", 1,
        "ComparisonOperator", "GreaterThanOrEqualToThreshold"));
    synth.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "AlarmName", "mirrorflow-demo-reconcile-vpc-failed",
        "MetricName", "ExecutionsFailed",
        "Namespace", "AWS/States"));
    for (String metric : List.of("SubnetsFailed", "PermanentRefusals")) {
      synth.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
          "MetricName", metric,
          "Namespace", EmbeddedMetrics.NAMESPACE,
          "Dimensions", List.of(Map.of("Name", "Cluster", "Value", "demo")),
          "Statistic", "Sum",
          "Threshold", 1,
          "ComparisonOperator", "GreaterThanOrEqualToThreshold"));
    }
    assertThat(List.of(EmbeddedMetrics.SUBNETS_FAILED, EmbeddedMetrics.PERMANENT_REFUSALS))
        .as("the alarms watch the names the activities emit").containsExactly("SubnetsFailed", "PermanentRefusals");
  }

  @Test
  void alarmTopic_whenSynthesized_isKmsEncryptedSslOnlyAndSubscribed() {
    String key = view.logicalId("AWS::KMS::Key", "AlarmTopicKey");
    synth.template().hasResourceProperties("AWS::SNS::Topic", Map.of(
        "TopicName", "mirrorflow-demo-alarms",
        "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn"))));
    synth.template().hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    List<JsonNode> keyStatements = list(view.root().path("Resources").path(key).path("Properties")
        .path("KeyPolicy").path("Statement"));
    assertThat(keyStatements).anySatisfy(st -> {
      assertThat(st.path("Principal").path("Service").asText()).isEqualTo("cloudwatch.amazonaws.com");
      assertThat(texts(st.path("Action"))).containsExactly("kms:Decrypt", "kms:GenerateDataKey*");
    });
    List<JsonNode> topicStatements = new java.util.ArrayList<>();
    view.resources("AWS::SNS::TopicPolicy").values()
        .forEach(p -> p.path("Properties").path("PolicyDocument").path("Statement").forEach(topicStatements::add));
    assertThat(topicStatements).anySatisfy(st -> {
      assertThat(st.path("Effect").asText()).isEqualTo("Deny");
      assertThat(st.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
    });
    synth.template().hasResourceProperties("AWS::SNS::Subscription",
        Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
  }

  @Test
  void dashboard_whenSynthesized_searchesEachMetricPerVpc() throws Exception {
    JsonNode dashboard = view.resources("AWS::CloudWatch::Dashboard").values().iterator().next().path("Properties");
    assertThat(dashboard.path("DashboardName").asText()).isEqualTo("mirrorflow-demo");
    String body = render(dashboard.path("DashboardBody"));
    for (String metric : List.of("SessionsCreated", "SessionsDeleted", "EnisSkipped", "SessionFailures")) {
      String search = ClusterMonitoring.vpcSearch("demo", metric);
      assertThat(search).contains("{Mirrorflow,Cluster,VpcId}", "MetricName=\"" + metric + "\"", "Cluster=\"demo\"");
      assertThat(body).contains(TemplateView.JSON.writeValueAsString(search).replaceAll("^\"|\"$", ""));
    }
  }

  @Test
  void mirrorDefaults_whenNoFilterGiven_createAnAcceptAllFilterAndUseTheExistingTarget() {
    synth.template().resourceCountIs("AWS::EC2::TrafficMirrorTarget", 0);
    synth.template().resourceCountIs("AWS::EC2::TrafficMirrorFilter", 1);
    Map<String, JsonNode> rules = view.resources("AWS::EC2::TrafficMirrorFilterRule");
    assertThat(rules).hasSize(4);
    Set<String> directionsAndCidrs = rules.values().stream().map(r -> r.path("Properties"))
        .peek(p -> assertThat(p.path("RuleAction").asText()).isEqualTo("accept"))
        .peek(p -> assertThat(p.has("Protocol")).as("all protocols").isFalse())
        .map(p -> p.path("TrafficDirection").asText() + " " + p.path("SourceCidrBlock").asText() + " "
            + p.path("DestinationCidrBlock").asText())
        .collect(Collectors.toSet());
    assertThat(directionsAndCidrs).containsExactlyInAnyOrder(
        "ingress 0.0.0.0/0 0.0.0.0/0", "ingress ::/0 ::/0", "egress 0.0.0.0/0 0.0.0.0/0", "egress ::/0 ::/0");
  }

  @Test
  void outputs_whenSynthesized_nameWhatTheCliAndWorkflowsNeed() {
    JsonNode outputs = view.root().path("Outputs");
    assertThat(iterable(outputs.fieldNames())).contains(
        "ClusterBusName", "EventsRoleArn", "AlarmTopicArn", "DashboardName", "DeadLetterQueueArn",
        "DefaultMirrorTargetId", "DefaultMirrorFilterId",
        "AddVpcStateMachineArn", "RemoveVpcStateMachineArn", "ReconcileVpcStateMachineArn", "EventRouterStateMachineArn");
    assertThat(outputs.path("DashboardName").path("Value").asText()).isEqualTo("mirrorflow-demo");
    assertThat(outputs.path("DefaultMirrorTargetId").path("Value").asText()).isEqualTo("tmt-0123456789abcdef0");
    assertThat(outputs.path("EventsRoleArn").path("Value").path("Fn::GetAtt").get(0).asText())
        .isEqualTo(view.logicalId("AWS::IAM::Role", "EventsRole"));
  }

  private static JsonNode stateMachine(String name) {
    return view.resources("AWS::StepFunctions::StateMachine").values().stream()
        .filter(sm -> name.equals(sm.path("Properties").path("StateMachineName").asText()))
        .findFirst().orElseThrow();
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> out = new java.util.ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }
}
