package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;

class WorkflowDefinitionsTest {

  @TempDir Path dir;

  @Test
  void load_whenFixtures_findsEveryWorkflowStepAndIntegration() {
    WorkflowDefinitions definitions = WorkflowDefinitions.load(TestStacks.fixtureStateMachines());

    assertThat(definitions.workflows()).extracting(WorkflowDefinition::name)
        .containsExactly("add-vpc", "event-router", "reconcile-vpc", "remove-vpc", "scan-vpc");
    assertThat(definitions.steps()).containsExactly(
        "CreateSessions", "DeleteSessions", "DiffSessions", "ListEnis", "PlanVpc", "RouteEvent", "ValidateVpc");
    assertThat(definitions.find("reconcile-vpc").orElseThrow().type()).isEqualTo(StateMachineType.EXPRESS);
    assertThat(definitions.find("add-vpc").orElseThrow().type()).isEqualTo(StateMachineType.STANDARD);
    assertThat(definitions.find("reconcile-vpc").orElseThrow().taskResources()).hasSize(5);
    assertThat(definitions.integrationActions()).contains(
        "scheduler:CreateSchedule", "scheduler:DeleteSchedule", "events:PutEvents", "states:StartExecution",
        "lambda:InvokeFunction");
    assertThat(definitions.usesSyncExecution()).isTrue();
  }

  @Test
  void load_whenDirectoryHasNoDefinitions_isEmpty() throws IOException {
    Files.writeString(dir.resolve("README.md"), "# State machines\n");

    WorkflowDefinitions definitions = WorkflowDefinitions.load(dir);

    assertThat(definitions.workflows()).isEmpty();
    assertThat(definitions.steps()).isEmpty();
  }

  @Test
  void load_whenDirectoryMissing_saysWhereToRunFrom() {
    assertThatThrownBy(() -> WorkflowDefinitions.load(dir.resolve("nowhere")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("no state machine directory")
        .hasMessageContaining("stateMachinesDir");
  }

  @Test
  void load_whenPlaceholderUnknown_failsNamingFileAndPlaceholder() throws IOException {
    write("scan.asl.json", task("${ScanTopicArn}"));

    assertThatThrownBy(() -> WorkflowDefinitions.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("scan.asl.json")
        .hasMessageContaining("${ScanTopicArn}")
        .hasMessageContaining("not one of the definition substitutions");
  }

  @Test
  void load_whenStateMachineArnNamesNoFile_fails() throws IOException {
    write("scan.asl.json",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::states:startExecution\","
            + "\"Parameters\":{\"StateMachineArn\":\"${ReconcileSubnetStateMachineArn}\"},\"End\":true}}}");

    assertThatThrownBy(() -> WorkflowDefinitions.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("${ReconcileSubnetStateMachineArn}")
        .hasMessageContaining("no state machine ReconcileSubnet");
  }

  @Test
  void load_whenStateMachineArnNamesAFile_accepts() throws IOException {
    write("reconcile-subnet.asl.json", task("${ListEnisFunctionArn}"));
    write("scan.asl.json",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::states:startExecution\","
            + "\"Parameters\":{\"StateMachineArn\":\"${ReconcileSubnetStateMachineArn}\"},\"End\":true}}}");

    assertThat(WorkflowDefinitions.load(dir).workflows()).hasSize(2);
  }

  @Test
  void load_whenIntegrationNotGranted_failsListingTheAllowedOnes() throws IOException {
    write("scan.asl.json", task("arn:aws:states:::aws-sdk:ec2:deleteTrafficMirrorSession"));

    assertThatThrownBy(() -> WorkflowDefinitions.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("aws-sdk:ec2:deleteTrafficMirrorSession")
        .hasMessageContaining("grants no permission");
  }

  @Test
  void load_whenExpressWorkflowWaitsOnChild_failsSayingToMakeItStandard() throws IOException {
    Files.writeString(dir.resolve("workflow-types.json"), "{\"reconcile-vpc\": \"EXPRESS\"}");
    write("reconcile-vpc.asl.json", task("arn:aws:states:::states:startExecution.sync:2"));

    assertThatThrownBy(() -> WorkflowDefinitions.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("Express")
        .hasMessageContaining("workflow-types.json");
  }

  @Test
  void load_whenNotJson_failsNamingTheFile() throws IOException {
    write("broken.asl.json", "{\"StartAt\": ");

    assertThatThrownBy(() -> WorkflowDefinitions.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("broken.asl.json is not valid JSON");
  }

  @Test
  void load_whenFileNameNotKebabCase_fails() throws IOException {
    write("ReconcileVpc.asl.json", task("${PlanVpcFunctionArn}"));

    assertThatThrownBy(() -> WorkflowDefinitions.load(dir))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("kebab-case");
  }

  @Test
  void load_whenTaskCallsFunctionPlaceholderDirectly_countsTheStep() throws IOException {
    write("scan.asl.json", task("${PlanVpcFunctionArn}"));

    assertThat(WorkflowDefinitions.load(dir).steps()).containsExactly("PlanVpc");
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  private static String task(String resource) {
    return "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"" + resource + "\",\"End\":true}}}";
  }
}
