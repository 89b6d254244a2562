package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The repository's own {@code state-machines/} with the activities jar the reactor built: the
 * stack a user deploys. Skipped while the directory holds no workflow yet.
 */
class RepositoryStateMachinesTest {

  @Test
  void stack_whenBuiltFromRepositoryWorkflows_deploysEveryDefinitionResolvedAndNagClean() throws Exception {
    Path root = TestStacks.repositoryRoot();
    Path dir = root.resolve("state-machines");
    WorkflowDefinitions workflows = WorkflowDefinitions.load(dir);
    assumeTrue(!workflows.workflows().isEmpty(), "no *.asl.json in " + dir + " yet");

    Path jar = ActivitiesJar.requireExists(ActivitiesJar.defaultPath(root));
    TestStacks.Synth synth = TestStacks.synth(new ClusterSettings("repo",
        new MirrorTarget.Existing("tmt-0123456789abcdef0"), Optional.empty(), Optional.empty(), dir, jar, false,
        Optional.empty(), List.of(), List.of(), "rate(5 minutes)"));

    assertThat(synth.nagErrors()).isEmpty();
    TemplateView view = new TemplateView(synth.template());
    assertThat(view.resources("AWS::StepFunctions::StateMachine")).hasSize(workflows.workflows().size());
    synth.template().resourceCountIs("AWS::Lambda::Function", workflows.steps().size());
    for (JsonNode sm : view.resources("AWS::StepFunctions::StateMachine").values()) {
      String deployed = TemplateView.deployedDefinition(sm);
      assertThat(deployed).as(sm.path("Properties").path("StateMachineName").asText()).doesNotContain("${");
      assertThat(TemplateView.JSON.readTree(deployed).path("States").isObject()).isTrue();
    }
    // The cluster's scan cadence reaches add-vpc, which writes every VPC's schedule with it.
    workflows.find("add-vpc").ifPresent(addVpc -> {
      JsonNode machine = view.resources("AWS::StepFunctions::StateMachine").values().stream()
          .filter(sm -> sm.path("Properties").path("StateMachineName").asText().equals("mirrorflow-repo-add-vpc"))
          .findFirst().orElseThrow();
      assertThat(machine.path("Properties").path("DefinitionSubstitutions").path("ScanRate").asText())
          .isEqualTo("rate(5 minutes)");
      assertThat(addVpc.definition()).contains("\"ScheduleExpression\": \"${ScanRate}\"")
          .doesNotContain("rate(1 minute)");
    });
    // The state-change rule (with event-router), the scan-request rule and the registrations' tamper alarm
    // (with scan-vpc); no per-VPC rule.
    synth.template().resourceCountIs("AWS::Events::Rule", (workflows.find("event-router").isPresent() ? 1 : 0)
        + (workflows.find("scan-vpc").isPresent() ? 2 : 0));
    synth.template().resourceCountIs("AWS::Scheduler::ScheduleGroup", workflows.find("scan-vpc").isPresent() ? 1 : 0);
  }

  @Test
  void activitiesJar_whenRepositoryWorkflowsCallSteps_holdsEveryHandler() {
    Path root = TestStacks.repositoryRoot();
    WorkflowDefinitions workflows = WorkflowDefinitions.load(root.resolve("state-machines"));
    assumeTrue(!workflows.steps().isEmpty(), "no workflow calls a Lambda step yet");

    Path jar = ActivitiesJar.requireExists(ActivitiesJar.defaultPath(root));
    assertThatCode(() -> ActivitiesJar.requireHandlers(jar, workflows.steps())).doesNotThrowAnyException();
  }
}
