package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.sqs.CfnQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

class LogicalIdsTest {

  private static final class Room extends ClusterRoom {
    Room(Construct scope, String id) {
      super(scope, id);
    }
  }

  @Test
  void of_whenPathNested_agreesWithCdksOwnAllocation() {
    Stack stack = new Stack(new App(), "S");
    Construct outer = new Construct(stack, "Outer-1");
    Queue queue = Queue.Builder.create(new Construct(outer, "Outer"), "Queue").build();
    Queue top = Queue.Builder.create(stack, "Default").build();

    assertThat(stack.getLogicalId((CfnQueue) queue.getNode().getDefaultChild()))
        .isEqualTo(LogicalIds.of(List.of("Outer-1", "Outer", "Queue", "Resource")));
    assertThat(stack.getLogicalId((CfnQueue) top.getNode().getDefaultChild()))
        .isEqualTo(LogicalIds.of(List.of("Default", "Resource")));
  }

  @Test
  void keepOutsideRooms_whenResourceInRoom_allocatesTheIdItHasOutsideIt() {
    Stack stack = new Stack(new App(), "S");
    Queue inRoom = Queue.Builder.create(new Room(stack, "Room"), "Queue").build();
    LogicalIds.keepOutsideRooms((CfnQueue) inRoom.getNode().getDefaultChild());
    Stack plain = new Stack(new App(), "S");
    Queue outside = Queue.Builder.create(plain, "Queue").build();

    assertThat(Template.fromStack(stack).toJSON().get("Resources").toString())
        .isEqualTo(Template.fromStack(plain).toJSON().get("Resources").toString());
    assertThat(stack.resolve(((CfnQueue) inRoom.getNode().getDefaultChild()).getLogicalId()))
        .isEqualTo(plain.resolve(((CfnQueue) outside.getNode().getDefaultChild()).getLogicalId()));
  }

  @Test
  void monitoring_whenBuiltAloneInAStack_alarmsOnTheDeadLetters() {
    Stack stack = new Stack(new App(), "S");
    ClusterMonitoring monitoring = new ClusterMonitoring(stack, "Monitoring", new ClusterSettings("solo",
        new MirrorTarget.Existing("tmt-0123456789abcdef0"), Optional.empty(), Optional.empty(),
        TestStacks.fixtureStateMachines(), TestStacks.fixtureStateMachines(), false));
    monitoring.alarms(java.util.Map.of(), Queue.Builder.create(stack, "Dlq").build());

    Template template = Template.fromStack(stack);
    template.resourceCountIs("AWS::CloudWatch::Alarm", 3);
    template.hasResourceProperties("AWS::CloudWatch::Alarm",
        java.util.Map.of("AlarmName", Names.deadLetterQueue("solo") + "-not-empty"));
  }
}
