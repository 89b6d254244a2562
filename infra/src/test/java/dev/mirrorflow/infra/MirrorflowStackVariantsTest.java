package dev.mirrorflow.infra;

import static dev.mirrorflow.infra.TemplateView.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;

/**
 * The other shape of a cluster, in one synthesis: no event router (so no state-change rule), a
 * target created for a Network Load Balancer, an existing filter, no e-mail, and a concrete account
 * and region (as when the CLI has resolved them).
 */
class MirrorflowStackVariantsTest {

  private static final String NLB =
      "arn:aws:elasticloadbalancing:eu-west-1:000000000000:loadbalancer/net/capture/0123456789abcdef";

  private static final String ORGANIZATION = "o-a1b2c3d4e5";

  @TempDir static Path tmp;
  private static Template template;
  private static Annotations annotations;
  private static TemplateView view;

  static final String HUB_TARGET = "arn:aws:ec2:eu-west-1:111122223333:traffic-mirror-target/tmt-0aaaabbbbccccdddd";

  @BeforeAll
  static void synthesize() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("state-machines"));
    for (String name : List.of("add-vpc", "remove-vpc", "reconcile-vpc", "scan-vpc")) {
      Files.copy(TestStacks.fixtureStateMachines().resolve(name + ".asl.json"), dir.resolve(name + ".asl.json"));
    }
    Path jar = TestStacks.fakeActivitiesJar(tmp, WorkflowDefinitions.load(dir).steps());
    ClusterSettings settings = new ClusterSettings("edge-2", new MirrorTarget.NetworkLoadBalancer(NLB),
        Optional.of("tmf-0123456789abcdef0"), Optional.empty(), dir, jar, true, Optional.of(ORGANIZATION),
        List.of(HUB_TARGET, "tmt-0123456789abcdef1"), List.of("tmf-0123456789abcdef1"), "rate(5 minutes)");
    App app = new App();
    MirrorflowStack stack = new MirrorflowStack(app, "mirrorflow-edge-2",
        StackProps.builder().env(Environment.builder().account("000000000000").region("eu-west-1").build()).build(),
        settings);
    Aspects.of(app).add(new AwsSolutionsChecks());
    template = Template.fromStack(stack);
    annotations = Annotations.fromStack(stack);
    view = new TemplateView(template);
  }

  @Test
  void nag_whenAccountAndRegionAreConcrete_reportsNoErrors() {
    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
  }

  @Test
  void activitiesRole_whenMoreTargetsAreAllowed_namesEachOnly_andKeepsTheOrganizationCondition() {
    List<JsonNode> statements = view.statementsOfRole("ActivitiesRole");
    JsonNode targets = statements.stream()
        .filter(s -> s.path("Sid").asText().equals("CreateSessionsToAllowedTargets")).findFirst().orElseThrow();
    assertThat(TemplateView.list(targets.path("Resource")).stream().map(TemplateView::render)).containsExactly(
        "arn:<Ref:AWS::Partition>:ec2:eu-west-1:000000000000:traffic-mirror-target/<Ref:"
            + view.logicalId("AWS::EC2::TrafficMirrorTarget", "DefaultMirrorTarget") + ">",
        HUB_TARGET,
        "arn:<Ref:AWS::Partition>:ec2:eu-west-1:000000000000:traffic-mirror-target/tmt-0123456789abcdef1");
    assertThat(targets.path("Condition").path("StringEquals").path("aws:ResourceOrgID").asText()).isEqualTo(ORGANIZATION);
    JsonNode filters = statements.stream()
        .filter(s -> s.path("Sid").asText().equals("CreateSessionsWithAllowedFilters")).findFirst().orElseThrow();
    assertThat(TemplateView.list(filters.path("Resource")).stream().map(TemplateView::render)).containsExactly(
        "arn:<Ref:AWS::Partition>:ec2:eu-west-1:000000000000:traffic-mirror-filter/tmf-0123456789abcdef0",
        "arn:<Ref:AWS::Partition>:ec2:eu-west-1:000000000000:traffic-mirror-filter/tmf-0123456789abcdef1");
    JsonNode variables = view.resources("AWS::Lambda::Function").values().iterator().next()
        .path("Properties").path("Environment").path("Variables");
    assertThat(render(variables.path("MIRRORFLOW_ALLOWED_TARGET_IDS"))).isEqualTo("<Ref:"
        + view.logicalId("AWS::EC2::TrafficMirrorTarget", "DefaultMirrorTarget") + ">,tmt-0aaaabbbbccccdddd,tmt-0123456789abcdef1");
    assertThat(render(variables.path("MIRRORFLOW_ALLOWED_FILTER_IDS"))).isEqualTo("tmf-0123456789abcdef0,tmf-0123456789abcdef1");
  }

  @Test
  void addVpc_whenScanRateGiven_writesEverySchedulesExpressionWithIt() throws Exception {
    JsonNode addVpc = view.resources("AWS::StepFunctions::StateMachine").values().stream()
        .filter(sm -> sm.path("Properties").path("StateMachineName").asText().equals("mirrorflow-edge-2-add-vpc"))
        .findFirst().orElseThrow();
    assertThat(addVpc.path("Properties").path("DefinitionSubstitutions").path("ScanRate").asText())
        .isEqualTo("rate(5 minutes)");
    JsonNode states = TemplateView.JSON.readTree(TemplateView.deployedDefinition(addVpc)).path("States");
    for (String state : List.of("CreateSchedule", "UpdateSchedule")) {
      assertThat(states.path(state).path("Parameters").path("ScheduleExpression").asText()).as(state)
          .isEqualTo("rate(5 minutes)");
    }
  }

  @Test
  void stateChangeRule_whenNoEventRouter_isNotCreated() {
    assertThat(view.resources("AWS::Events::Rule").values()).extracting(r -> r.path("Properties").path("Name").asText())
        .as("only the scan-request rule and the tamper alarm's, which scan-vpc's registrations bring")
        .containsExactlyInAnyOrder("mirrorflow-edge-2-scan-requests", "mirrorflow-edge-2-registration-changes");
    assertThat(view.root().path("Outputs").has("EventRouterStateMachineArn")).isFalse();
  }

  @Test
  void mirrorTarget_whenLoadBalancerGiven_isCreatedAndUsedByDefault() {
    template.hasResourceProperties("AWS::EC2::TrafficMirrorTarget", Map.of("NetworkLoadBalancerArn", NLB));
    String target = view.logicalId("AWS::EC2::TrafficMirrorTarget", "DefaultMirrorTarget");
    assertThat(view.root().path("Outputs").path("DefaultMirrorTargetId").path("Value").path("Ref").asText())
        .isEqualTo(target);
  }

  @Test
  void mirrorFilter_whenFilterIdGiven_isNotCreated() {
    template.resourceCountIs("AWS::EC2::TrafficMirrorFilter", 0);
    template.resourceCountIs("AWS::EC2::TrafficMirrorFilterRule", 0);
    assertThat(view.root().path("Outputs").path("DefaultMirrorFilterId").path("Value").asText())
        .isEqualTo("tmf-0123456789abcdef0");
  }

  @Test
  void alarmTopic_whenNoEmail_hasNoSubscription() {
    template.resourceCountIs("AWS::SNS::Subscription", 0);
    template.resourceCountIs("AWS::SNS::Topic", 1);
  }

  @Test
  void stateMachineRole_whenNoWorkflowPutsEvents_cannotPutEvents() {
    List<JsonNode> statements = view.statementsOfRole("StateMachineRole");
    assertThat(statements).noneMatch(s -> TemplateView.texts(s.path("Action")).contains("events:PutEvents"));
  }

  @Test
  void roles_whenRegionIsConcrete_carryItInTheirNames() {
    assertThat(render(view.root().path("Resources").path(view.logicalId("AWS::IAM::Role", "EventsRole"))
        .path("Properties").path("RoleName"))).isEqualTo("mirrorflow-edge-2-eu-west-1-events");
  }
}
