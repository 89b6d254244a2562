package dev.mirrorflow.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.LocalServer;
import dev.mirrorflow.local.lambda.LocalLambda;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import dev.mirrorflow.local.sfn.LocalStepFunctions;
import dev.mirrorflow.local.sfn.StepFunctionsService;
import dev.mirrorflow.local.sfn.handlers.EchoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDeployerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PARENT = """
      {"StartAt":"Plan","States":{
        "Plan":{"Type":"Task","Resource":"${PlanVpcFunctionArn}","Parameters":{"cluster":"${ClusterName}",
          "bus":"${ClusterBusName}","prefix":"${RulePrefix}","where":"${Partition}/${Region}/${AccountId}"},
          "ResultPath":"$.plan","Next":"Child"},
        "Child":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
          "Parameters":{"StateMachineArn":"${ReconcileSubnetStateMachineArn}","Input.$":"$.plan"},
          "ResultSelector":{"out.$":"$.Output"},"ResultPath":"$.child","End":true}}}""";
  private static final String CHILD = """
      {"StartAt":"List","States":{"List":{"Type":"Task","Resource":"${ListEnisFunctionArn}","End":true}}}""";

  private final LocalClock clock = LocalClock.speeded(100);
  private LocalServer server;
  private LocalLambda lambda;
  private LocalStepFunctions sfn;

  @BeforeEach
  void start() throws Exception {
    server = LocalServer.create(0);
    lambda = new LocalLambda(server::endpoint, "us-east-1", "000000000000", clock);
    sfn = new LocalStepFunctions(clock, lambda, server, "us-east-1", "000000000000");
    server.register(new StepFunctionsService(sfn)).start();
  }

  @AfterEach
  void stop() {
    sfn.close();
    lambda.close();
    server.close();
  }

  @Test
  void deploy_whenDirectoryOfDefinitions_createsFunctionsAndSubstitutesEveryPlaceholder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("reconcile-vpc.asl.json"), PARENT);
    Files.writeString(dir.resolve("reconcile-subnet.asl.json"), CHILD);
    Files.writeString(dir.resolve("README.md"), "not a definition");
    LocalDeployer deployer = LocalDeployer.builder(lambda, sfn).handlerForStep(step -> EchoHandler.class.getName()).build();

    Deployment deployment = deployer.deploy(dir, "c1");

    assertThat(deployment.functionNames()).containsEntry("PlanVpc", "mirrorflow-c1-PlanVpc").containsEntry("ListEnis", "mirrorflow-c1-ListEnis");
    assertThat(deployment.stateMachineArn("reconcile-vpc"))
        .isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:mirrorflow-c1-reconcile-vpc");
    assertThat(sfn.describeStateMachine(deployment.stateMachineArn("reconcile-vpc")).definition()).doesNotContain("${");
    Execution e = sfn.startExecution(deployment.stateMachineArn("reconcile-vpc"), null, "{}");
    e.await(Duration.ofSeconds(30));
    assertThat(e.status()).as(e.cause().orElse("")).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(JSON.readTree(e.output().orElseThrow()).get("plan")).isEqualTo(JSON.readTree("""
        {"cluster":"c1","bus":"mirrorflow-c1","prefix":"mirrorflow-c1-","where":"aws/us-east-1/000000000000"}"""));
    assertThat(JSON.readTree(e.output().orElseThrow()).at("/child/out/cluster").asText()).isEqualTo("c1");
    assertThat(lambda.invocationCount("mirrorflow-c1-PlanVpc")).isEqualTo(1);
    assertThat(lambda.invocationCount("mirrorflow-c1-ListEnis")).isEqualTo(1);

    Deployment again = deployer.deploy(dir, "c1");
    assertThat(again.stateMachineArns()).isEqualTo(deployment.stateMachineArns());
  }

  @Test
  void deploy_whenHandlerNotYetWritten_executionFailsNamingTheMissingClass() {
    Deployment deployment = LocalDeployer.create(lambda, sfn).deploy(Map.of("reconcile-subnet", CHILD), "c2");
    Execution e = sfn.startExecution(deployment.stateMachineArn("reconcile-subnet"), null, "{}");
    e.await(Duration.ofSeconds(30));
    assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(e.error()).contains("java.lang.ClassNotFoundException");
    assertThat(e.cause().orElseThrow()).contains("dev.mirrorflow.activities.handler.ListEnisHandler");
  }

  @Test
  void deploy_whenUnknownPlaceholder_failsNamingIt() {
    String def = CHILD.replace("${ListEnisFunctionArn}", "${Mystery}");
    assertThatThrownBy(() -> LocalDeployer.create(lambda, sfn).deploy(Map.of("odd", def), "c3"))
        .isInstanceOf(DeploymentException.class).hasMessageContaining("${Mystery}").hasMessageContaining("odd.asl.json");
  }

  @Test
  void deploy_whenRepositoryStateMachines_acceptsEveryDefinition() throws Exception {
    Path dir = Path.of(System.getProperty("mirrorflow.root", "..")).resolve("state-machines");
    boolean any;
    try (var files = Files.list(dir)) {
      any = files.anyMatch(p -> p.getFileName().toString().endsWith(".asl.json"));
    }
    Assumptions.assumeTrue(any, "state-machines/ has no *.asl.json yet");
    Deployment deployment = LocalDeployer.create(lambda, sfn).deploy(dir, "repo");
    for (String arn : deployment.stateMachineArns().values()) {
      assertThat(sfn.describeStateMachine(arn).definition()).doesNotContain("${");
    }
  }

  @Test
  void pascal_whenKebabCase_joinsCapitalisedWords() {
    assertThat(LocalDeployer.pascal("reconcile-vpc")).isEqualTo("ReconcileVpc");
    assertThat(LocalDeployer.pascal("add-vpc")).isEqualTo("AddVpc");
  }
}
