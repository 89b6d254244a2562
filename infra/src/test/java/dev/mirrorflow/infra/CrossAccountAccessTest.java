package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;

/** The hub stack with member accounts: the cluster bus's policy, the forwarded-events rule, the steps' AssumeRole. */
class CrossAccountAccessTest {
  @TempDir Path dir;

  record Hub(TemplateView view, List<String> nagErrors) {}

  Hub synth(Map<String, Object> context) {
    Path fixtures = TestStacks.fixtureStateMachines();
    Path jar = TestStacks.fakeActivitiesJar(dir, WorkflowDefinitions.load(fixtures).steps());
    ClusterSettings settings = new ClusterSettings("blue", new MirrorTarget.Existing("tmt-0123456789abcdef0"),
        Optional.of("tmf-0123456789abcdef0"), Optional.empty(), fixtures, jar, true, Optional.empty());
    App app = new App(AppProps.builder().context(context).build());
    MirrorflowStack stack = new MirrorflowStack(app, "mirrorflow-blue", StackProps.builder().build(), settings);
    Aspects.of(app).add(new AwsSolutionsChecks());
    Template template = Template.fromStack(stack);
    List<String> nag = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
        .map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
    return new Hub(new TemplateView(template), nag);
  }

  @Test
  void hub_whenMemberAccountsAreListed_acceptsTheirEventsAndMayAssumeOnlyTheirMemberRole() {
    Hub hub = synth(Map.of("memberAccounts", "222222222222,333333333333"));

    List<JsonNode> policies = List.copyOf(hub.view().resources("AWS::Events::EventBusPolicy").values());
    assertThat(policies).hasSize(2).extracting(p -> TemplateView.render(p.path("Properties").path("Statement")
        .path("Principal").path("AWS"))).containsExactlyInAnyOrder("arn:aws:iam::222222222222:root",
            "arn:aws:iam::333333333333:root");
    assertThat(hub.view().resources("AWS::Events::Rule").values()).extracting(r -> r.path("Properties").path("Name").asText())
        .contains("mirrorflow-blue-member-state-changes");
    JsonNode assume = TemplateView.bySid(hub.view().statementsOfRole("ActivitiesRole"), "AssumeMemberRoles");
    assertThat(TemplateView.list(assume.path("Resource"))).extracting(TemplateView::render)
        .allSatisfy(r -> assertThat(r).matches(".*:iam::(222222222222|333333333333):role/mirrorflow-blue-.*member"));
    assertThat(hub.nagErrors()).isEmpty();
  }

  @Test
  void hub_whenMemberAccountsAreListed_tellsEveryStepItsPartitionForTheMemberRoleArns() {
    Hub hub = synth(Map.of("memberAccounts", "222222222222"));

    List<JsonNode> steps = hub.view().resources("AWS::Lambda::Function").values().stream()
        .map(f -> f.path("Properties").path("Environment").path("Variables"))
        .filter(v -> v.has("MIRRORFLOW_CLUSTER")).toList();
    assertThat(steps).isNotEmpty().allSatisfy(v ->
        assertThat(v.path("MIRRORFLOW_PARTITION").path("Ref").asText()).isEqualTo("AWS::Partition"));
  }

  @Test
  void hub_whenAnOrganizationIsGiven_acceptsItsAccountsByCondition() {
    Hub hub = synth(Map.of("memberOrganizationId", "o-a1b2c3d4e5"));

    JsonNode statement = hub.view().resources("AWS::Events::EventBusPolicy").values().iterator().next()
        .path("Properties").path("Statement");
    assertThat(statement.path("Principal").asText()).isEqualTo("*");
    assertThat(statement.path("Condition").path("StringEquals").path("aws:PrincipalOrgID").asText()).isEqualTo("o-a1b2c3d4e5");
    JsonNode assume = TemplateView.bySid(hub.view().statementsOfRole("ActivitiesRole"), "AssumeMemberRoles");
    assertThat(assume.path("Condition").path("StringEquals").path("aws:ResourceOrgID").asText()).isEqualTo("o-a1b2c3d4e5");
  }

  @Test
  void hub_whenNoMembers_addsNothingForThem() {
    Hub hub = synth(Map.of());

    assertThat(hub.view().resources("AWS::Events::EventBusPolicy")).isEmpty();
    assertThat(hub.view().statementsOfRole("ActivitiesRole")).noneMatch(s -> s.path("Sid").asText().equals("AssumeMemberRoles"));
  }

  @Test
  void hub_whenAMemberAccountIsMalformed_failsNamingTheContextKey() {
    assertThatThrownBy(() -> synth(Map.of("memberAccounts", "2222")))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("memberAccounts");
  }
}
