package dev.mirrorflow.local.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.Tag;

/** The Step Functions API through the real SDK client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepFunctionsApiTest {
  private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final String WAIT_LONG = "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":100000000,\"End\":true}}}";
  private LocalSfnFixture local;

  @BeforeAll
  void start() throws Exception {
    local = new LocalSfnFixture();
  }

  @AfterAll
  void stop() {
    local.close();
  }

  @Test
  void createStateMachine_whenNextTargetUnknown_failsWithInvalidDefinitionNamingIt() {
    String def = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"}}}";
    assertThatThrownBy(() -> local.create(def))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("MISSING_TRANSITION_TARGET").hasMessageContaining("Nowhere");
  }

  @Test
  void createStateMachine_whenStartAtMissingOrStateUnreachable_failsWithInvalidDefinition() {
    assertThatThrownBy(() -> local.create("{\"States\":{\"A\":{\"Type\":\"Succeed\"}}}"))
        .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("StartAt");
    assertThatThrownBy(() -> local.create(
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"},\"B\":{\"Type\":\"Succeed\"}}}"))
        .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("\"B\" is not reachable");
    assertThatThrownBy(() -> local.create(
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"End\":true}}}"))
        .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("Resource");
    assertThatThrownBy(() -> local.create(
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"States.Nope(\"},\"End\":true}}}"))
        .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("/States/A/Parameters/x.$");
    assertThatThrownBy(() -> local.create(
        "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}"))
        .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("JSONata");
  }

  @Test
  void describeUpdateListDelete_whenStateMachineExists_roundTrip() {
    String name = "sm-" + UUID.randomUUID();
    CreateStateMachineResponse created = local.sfn.createStateMachine(b -> b.name(name).definition(PASS)
        .roleArn("arn:aws:iam::000000000000:role/r").type(StateMachineType.EXPRESS)
        .tags(Tag.builder().key("team").value("net").build()));
    assertThat(created.stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:" + name);
    DescribeStateMachineResponse described = local.sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn()));
    assertThat(described.definition()).isEqualTo(PASS);
    assertThat(described.type()).isEqualTo(StateMachineType.EXPRESS);
    String updated = PASS.replace("\"P\"", "\"Q\"");
    local.sfn.updateStateMachine(b -> b.stateMachineArn(created.stateMachineArn()).definition(updated));
    assertThat(local.sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn())).definition()).isEqualTo(updated);
    assertThat(local.sfn.listTagsForResource(b -> b.resourceArn(created.stateMachineArn())).tags())
        .containsExactly(Tag.builder().key("team").value("net").build());
    local.sfn.tagResource(b -> b.resourceArn(created.stateMachineArn()).tags(Tag.builder().key("k").value("v").build()));
    assertThat(local.sfn.listTagsForResource(b -> b.resourceArn(created.stateMachineArn())).tags()).hasSize(2);
    assertThat(local.sfn.listStateMachinesPaginator(b -> b.maxResults(1)).stateMachines().stream()
        .map(s -> s.stateMachineArn())).contains(created.stateMachineArn());
    local.sfn.deleteStateMachine(b -> b.stateMachineArn(created.stateMachineArn()));
    assertThatThrownBy(() -> local.sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn())))
        .isInstanceOf(StateMachineDoesNotExistException.class);
  }

  @Test
  void startExecution_whenSameNameAndInputWhileRunning_returnsSameExecution() {
    String arn = local.create(WAIT_LONG);
    StartExecutionResponse first = local.sfn.startExecution(b -> b.stateMachineArn(arn).name("once").input("{\"a\":1}"));
    StartExecutionResponse again = local.sfn.startExecution(b -> b.stateMachineArn(arn).name("once").input("{ \"a\" : 1 }"));
    assertThat(again.executionArn()).isEqualTo(first.executionArn());
    assertThat(again.startDate()).isEqualTo(first.startDate());
    assertThatThrownBy(() -> local.sfn.startExecution(b -> b.stateMachineArn(arn).name("once").input("{\"a\":2}")))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
    local.sfn.stopExecution(b -> b.executionArn(first.executionArn()).error("Stopped.ByTest").cause("done"));
    local.await(first.executionArn());
    DescribeExecutionResponse d = local.sfn.describeExecution(b -> b.executionArn(first.executionArn()));
    assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(d.error()).isEqualTo("Stopped.ByTest");
    assertThat(local.eventTypes(first.executionArn())).endsWith("ExecutionAborted");
    assertThatThrownBy(() -> local.sfn.startExecution(b -> b.stateMachineArn(arn).name("once").input("{\"a\":1}")))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
  }

  @Test
  void listExecutions_whenStatusFilterAndPaging_returnsMatchingPages() {
    String arn = local.create(PASS);
    String waiting = local.create(WAIT_LONG);
    Set<String> succeeded = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      String e = local.sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();
      local.await(e);
      succeeded.add(e);
    }
    ListExecutionsResponse page1 = local.sfn.listExecutions(b -> b.stateMachineArn(arn).maxResults(2).statusFilter(ExecutionStatus.SUCCEEDED));
    assertThat(page1.executions()).hasSize(2);
    assertThat(page1.nextToken()).isNotNull();
    List<String> all = local.sfn.listExecutionsPaginator(b -> b.stateMachineArn(arn).maxResults(2)).executions().stream()
        .map(ExecutionListItem::executionArn).toList();
    assertThat(all).containsExactlyInAnyOrderElementsOf(succeeded);
    String running = local.sfn.startExecution(b -> b.stateMachineArn(waiting)).executionArn();
    assertThat(local.sfn.listExecutions(b -> b.stateMachineArn(waiting).statusFilter(ExecutionStatus.RUNNING)).executions())
        .extracting(ExecutionListItem::executionArn).containsExactly(running);
    assertThat(local.sfn.listExecutions(b -> b.stateMachineArn(waiting).statusFilter(ExecutionStatus.SUCCEEDED)).executions()).isEmpty();
    local.sfn.stopExecution(b -> b.executionArn(running));
  }

  @Test
  void startSyncExecution_whenExpress_returnsOutputAndWhenStandard_isNotSupported() {
    String express = local.sfn.createStateMachine(b -> b.name("x-" + UUID.randomUUID()).type(StateMachineType.EXPRESS)
        .roleArn("arn:aws:iam::000000000000:role/r")
        .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":\"$.n\"},\"End\":true}}}"))
        .stateMachineArn();
    StartSyncExecutionResponse r = local.sfn.startSyncExecution(b -> b.stateMachineArn(express).input("{\"n\":5}"));
    assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
    assertThat(r.output()).isEqualTo("{\"v\":5}");
    assertThat(r.executionArn()).contains(":express:");
    String standard = local.create(PASS);
    assertThatThrownBy(() -> local.sfn.startSyncExecution(b -> b.stateMachineArn(standard)))
        .isInstanceOf(StateMachineTypeNotSupportedException.class);
  }

  @Test
  void describeExecution_whenUnknown_failsWithExecutionDoesNotExist() {
    assertThatThrownBy(() -> local.sfn.describeExecution(
        b -> b.executionArn("arn:aws:states:us-east-1:000000000000:execution:none:none")))
        .isInstanceOf(ExecutionDoesNotExistException.class);
  }

  @Test
  void getExecutionHistory_whenReverseOrderAndPaging_pagesNewestFirst() {
    String arn = local.create("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},\"B\":{\"Type\":\"Pass\",\"End\":true}}}");
    String e = local.sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();
    local.await(e);
    List<String> reversed = local.sfn.getExecutionHistoryPaginator(b -> b.executionArn(e).reverseOrder(true).maxResults(2))
        .events().stream().map(h -> h.typeAsString()).toList();
    assertThat(reversed).containsExactly("ExecutionSucceeded", "PassStateExited", "PassStateEntered", "PassStateExited",
        "PassStateEntered", "ExecutionStarted");
  }
}
