package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The member stack's template: trust, tag conditions, forwarding rule, cdk-nag, and what a StackSet can take. */
class MemberStackTest {
  static final ObjectMapper JSON = new ObjectMapper();

  record Synth(Template template, JsonNode json, List<String> nagErrors) {}

  static Synth synth(Map<String, Object> context) {
    App app = new App(AppProps.builder().context(context).build());
    MemberStack stack = MirrorflowApp.buildMember(app);
    Template template = Template.fromStack(stack);
    List<String> nag = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
        .map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
    return new Synth(template, JSON.valueToTree(template.toJSON()), nag);
  }

  static final String SHARED_ARN = "arn:aws:ec2:eu-west-1:444444444444:traffic-mirror-target/tmt-0cccc0000dddd0000";

  static Synth blue() {
    return synth(Map.of("cluster", "blue", "hubAccount", "111111111111",
        "allowedTargets", "tmt-0aaaa0000bbbb0000," + SHARED_ARN, "allowedFilterIds", "tmf-0aaaa0000bbbb0000",
        "root", TestStacks.repositoryRoot().toString()));
  }

  static List<JsonNode> statements(Synth synth) {
    List<JsonNode> statements = new ArrayList<>();
    resources(synth.json(), "AWS::IAM::Policy").forEach(p ->
        p.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add));
    return statements;
  }

  static List<JsonNode> resources(JsonNode template, String type) {
    List<JsonNode> out = new ArrayList<>();
    template.path("Resources").forEach(r -> {
      if (type.equals(r.path("Type").asText())) {
        out.add(r);
      }
    });
    return out;
  }

  static JsonNode memberRole(JsonNode template) {
    return resources(template, "AWS::IAM::Role").stream()
        .filter(r -> TemplateView.render(r.path("Properties").path("RoleName")).endsWith("-member"))
        .findFirst().orElseThrow();
  }

  @Test
  void memberRole_isTrustedOnlyByTheHubClustersStepRole() {
    JsonNode trust = memberRole(blue().json()).path("Properties").path("AssumeRolePolicyDocument").path("Statement");

    assertThat(trust).hasSize(1);
    assertThat(trust.get(0).path("Action").asText()).isEqualTo("sts:AssumeRole");
    String principal = TemplateView.render(trust.get(0).path("Principal").path("AWS"));
    assertThat(principal).contains(":iam::111111111111:role/mirrorflow-blue-").endsWith("-activities");
  }

  @Test
  void memberRole_createsOnlyOwnedSessionsAndDeletesOnlyOwnedOnes() {
    Synth synth = blue();
    List<JsonNode> statements = new ArrayList<>();
    resources(synth.json(), "AWS::IAM::Policy").forEach(p ->
        p.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add));

    JsonNode create = TemplateView.bySid(statements, "CreateOwnedSessions");
    assertThat(create.path("Condition").path("StringEquals").path("aws:RequestTag/mirrorflow:cluster").asText())
        .isEqualTo("blue");
    assertThat(TemplateView.texts(create.path("Condition").path("ForAllValues:StringEquals").path("aws:TagKeys")))
        .containsExactlyElementsOf(MirrorflowStack.SESSION_TAG_KEYS);
    JsonNode delete = TemplateView.bySid(statements, "DeleteOnlyOwnedSessions");
    assertThat(delete.path("Condition").path("StringEquals").path("aws:ResourceTag/mirrorflow:cluster").asText())
        .isEqualTo("blue");
    JsonNode marks = TemplateView.bySid(statements, "MarkUnsupportedEnis");
    assertThat(TemplateView.texts(marks.path("Condition").path("ForAllValues:StringEquals").path("aws:TagKeys")))
        .containsExactlyInAnyOrder(MirrorflowStack.UNSUPPORTED_TAG, MirrorflowStack.REFUSED_TAG);
    assertThat(synth.nagErrors()).isEmpty();
  }

  @Test
  void memberRole_createsSessionsOnlyToTheHubsAllowedTargetsThroughAllowedFiltersOfThisAccount() {
    List<JsonNode> statements = statements(blue());

    List<String> creating = statements.stream()
        .filter(st -> TemplateView.texts(st.path("Action")).contains("ec2:CreateTrafficMirrorSession")
            || st.path("Action").asText().equals("ec2:CreateTrafficMirrorSession"))
        .flatMap(st -> resourcesOf(st).stream()).toList();
    // No statement names any target or filter but the allowed ones.
    assertThat(String.join(" ", creating)).doesNotContain("traffic-mirror-target/*", "traffic-mirror-filter/*");
    List<String> targets = resourcesOf(TemplateView.bySid(statements, "CreateSessionsToAllowedTargets"));
    assertThat(targets).hasSize(2);
    // An id is the hub's target (shared with the member through RAM), an ARN is taken as given.
    assertThat(targets.get(0)).contains(":111111111111:traffic-mirror-target/tmt-0aaaa0000bbbb0000");
    assertThat(targets.get(1)).isEqualTo(SHARED_ARN);
    List<String> filters = resourcesOf(TemplateView.bySid(statements, "CreateSessionsWithAllowedFilters"));
    assertThat(filters).singleElement().satisfies(f -> assertThat(f)
        .contains("AWS::AccountId").doesNotContain("111111111111").endsWith(":traffic-mirror-filter/tmf-0aaaa0000bbbb0000"));
  }

  static List<String> resourcesOf(JsonNode statement) {
    JsonNode resource = statement.path("Resource");
    List<String> out = new ArrayList<>();
    if (resource.isArray()) {
      resource.forEach(r -> out.add(TemplateView.render(r)));
    } else {
      out.add(TemplateView.render(resource));
    }
    return out;
  }

  @Test
  void buildMember_withoutTheHubsAllowlist_failsNamingTheContextKeys() {
    assertThatThrownBy(() -> synth(Map.of("cluster", "blue", "hubAccount", "111111111111",
        "root", TestStacks.repositoryRoot().toString())))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("-c allowedTargets=").hasMessageContaining("-c allowedFilterIds=");
    assertThatThrownBy(() -> synth(Map.of("cluster", "blue", "hubAccount", "111111111111",
        "allowedTargets", "tmt-0aaaa0000bbbb0000,*", "allowedFilterIds", "tmf-0aaaa0000bbbb0000",
        "root", TestStacks.repositoryRoot().toString())))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("invalid allowedTargets entry '*'");
  }

  @Test
  void forwardingRule_sendsStateChangesToTheClusterBusInTheHubWithARole() {
    JsonNode rule = resources(blue().json(), "AWS::Events::Rule").get(0).path("Properties");

    assertThat(rule.path("Name").asText()).isEqualTo("mirrorflow-blue-forward");
    assertThat(TemplateView.texts(rule.path("EventPattern").path("source"))).containsExactlyInAnyOrder("aws.ec2", "aws.ecs");
    assertThat(rule.path("EventBusName").isMissingNode() || rule.path("EventBusName").asText().equals("default")).isTrue();
    JsonNode target = rule.path("Targets").get(0);
    assertThat(TemplateView.render(target.path("Arn"))).contains(":111111111111:event-bus/mirrorflow-blue");
    assertThat(target.has("RoleArn")).isTrue();
  }

  @Test
  void template_hasNoAssetsOrBootstrapDependencySoAStackSetCanTakeIt() {
    JsonNode template = blue().json();

    assertThat(template.path("Parameters").has("BootstrapVersion")).isFalse();
    assertThat(template.path("Rules").has("CheckBootstrapVersion")).isFalse();
    assertThat(template.toString()).doesNotContain("cdk-hnb659fds", "aws:asset");
    assertThat(resources(template, "AWS::Lambda::Function")).isEmpty();
  }

  @Test
  void buildMember_whenTheHubAccountIsMalformed_failsNamingTheContextKey() {
    assertThatThrownBy(() -> synth(Map.of("cluster", "blue", "hubAccount", "1111",
        "root", TestStacks.repositoryRoot().toString())))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("-c hubAccount=");
  }
}
