package dev.mirrorflow.local.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.scheduler.model.ValidationException;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The local EventBridge Scheduler through the real SDK {@code SchedulerClient}, firing on the local clock. */
class SchedulerApiTest {
  static final String ROLE = "arn:aws:iam::000000000000:role/scheduler";
  LocalCloud cloud;
  SchedulerClient scheduler;
  SfnClient sfn;
  String machine;

  @BeforeEach
  void start() {
    cloud = LocalCloud.create(0, LocalClock.speeded(1.0)).start();
    scheduler = LocalClients.scheduler(cloud.endpoint());
    sfn = LocalClients.sfn(cloud.endpoint());
    machine = sfn.createStateMachine(b -> b.name("target").roleArn("arn:aws:iam::000000000000:role/sfn")
        .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")).stateMachineArn();
  }

  @AfterEach
  void stop() {
    scheduler.close();
    sfn.close();
    cloud.close();
  }

  CreateScheduleRequest.Builder schedule(String group, String name, String input) {
    return CreateScheduleRequest.builder().groupName(group).name(name).scheduleExpression("rate(1 minute)")
        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
        .target(t -> t.arn(machine).roleArn(ROLE).input(input));
  }

  @Test
  void createSchedule_inGroup_isReadListedUpdatedAndDeleted() {
    String groupArn = scheduler.createScheduleGroup(b -> b.name("mirrorflow-blue")).scheduleGroupArn();
    assertThat(groupArn).isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule-group/mirrorflow-blue");

    String arn = scheduler.createSchedule(schedule("mirrorflow-blue", "vpc-1", "{\"a\":1}")
        .state(ScheduleState.DISABLED).description("d").build()).scheduleArn();

    assertThat(arn).isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule/mirrorflow-blue/vpc-1");
    GetScheduleResponse got = scheduler.getSchedule(b -> b.groupName("mirrorflow-blue").name("vpc-1"));
    assertThat(got.state()).isEqualTo(ScheduleState.DISABLED);
    assertThat(got.target().input()).isEqualTo("{\"a\":1}");
    assertThat(got.target().arn()).isEqualTo(machine);
    assertThat(got.scheduleExpression()).isEqualTo("rate(1 minute)");
    assertThat(got.flexibleTimeWindow().mode()).isEqualTo(FlexibleTimeWindowMode.OFF);
    assertThat(got.creationDate()).isNotNull();
    assertThat(scheduler.getScheduleGroup(b -> b.name("mirrorflow-blue")).arn()).isEqualTo(groupArn);

    scheduler.updateSchedule(b -> b.groupName("mirrorflow-blue").name("vpc-1").scheduleExpression("rate(5 minutes)")
        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).state(ScheduleState.ENABLED)
        .target(t -> t.arn(machine).roleArn(ROLE).input("{\"a\":2}")));
    GetScheduleResponse updated = scheduler.getSchedule(b -> b.groupName("mirrorflow-blue").name("vpc-1"));
    assertThat(updated.state()).isEqualTo(ScheduleState.ENABLED);
    assertThat(updated.target().input()).isEqualTo("{\"a\":2}");
    assertThat(updated.description()).isNull();
    assertThat(scheduler.listSchedules(b -> b.groupName("mirrorflow-blue")).schedules())
        .extracting(ScheduleSummary::name, ScheduleSummary::stateAsString)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("vpc-1", "ENABLED"));

    scheduler.deleteSchedule(b -> b.groupName("mirrorflow-blue").name("vpc-1"));
    assertThatThrownBy(() -> scheduler.getSchedule(b -> b.groupName("mirrorflow-blue").name("vpc-1")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void createSchedule_whenNameTaken_isConflict() {
    scheduler.createSchedule(schedule(null, "once", "{}").build());
    assertThatThrownBy(() -> scheduler.createSchedule(schedule(null, "once", "{}").build()))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).statusCode()).isEqualTo(409));
    assertThat(scheduler.getSchedule(b -> b.name("once")).groupName()).isEqualTo("default");
  }

  @Test
  void createScheduleGroup_whenNameTaken_isConflict() {
    scheduler.createScheduleGroup(b -> b.name("g"));
    assertThatThrownBy(() -> scheduler.createScheduleGroup(b -> b.name("g"))).isInstanceOf(ConflictException.class);
  }

  @Test
  void missingResources_areNotFound() {
    assertThatThrownBy(() -> scheduler.getSchedule(b -> b.name("nope"))).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> scheduler.deleteSchedule(b -> b.name("nope"))).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> scheduler.updateSchedule(b -> b.name("nope").scheduleExpression("rate(1 minute)")
        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).target(t -> t.arn(machine).roleArn(ROLE))))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> scheduler.createSchedule(schedule("no-such-group", "s", "{}").build()))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> scheduler.getScheduleGroup(b -> b.name("no-such-group")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> scheduler.deleteScheduleGroup(b -> b.name("no-such-group")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void createSchedule_whenInvalid_isValidationException() {
    String name65 = "n".repeat(65);
    String bigInput = "\"" + "x".repeat(LocalScheduler.MAX_INPUT_BYTES) + "\"";
    List<Consumer<CreateScheduleRequest.Builder>> bad = List.of(
        b -> b.name(name65),
        b -> b.name("has space"),
        b -> b.scheduleExpression("rate(1 fortnight)"),
        b -> b.scheduleExpression("cron(0 12 * * * *)"),
        b -> b.flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.FLEXIBLE)),
        b -> b.flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.FLEXIBLE).maximumWindowInMinutes(1441)),
        b -> b.target(t -> t.arn(machine).roleArn("not-a-role")),
        b -> b.target(t -> t.arn(machine).roleArn(ROLE).input(bigInput)),
        b -> b.target(t -> t.arn(machine).roleArn(ROLE).retryPolicy(r -> r.maximumRetryAttempts(186))),
        b -> b.target(t -> t.arn(machine).roleArn(ROLE).retryPolicy(r -> r.maximumEventAgeInSeconds(59))),
        b -> b.description("d".repeat(513)));
    for (Consumer<CreateScheduleRequest.Builder> change : bad) {
      CreateScheduleRequest.Builder request = schedule(null, "bad", "{}");
      change.accept(request);
      assertThatThrownBy(() -> scheduler.createSchedule(request.build()))
          .as(request.build().toString())
          .isInstanceOf(ValidationException.class);
    }
    assertThat(scheduler.listSchedules(b -> b.namePrefix("bad")).schedules()).isEmpty();
  }

  @Test
  void deleteScheduleGroup_deletesItsSchedules_andDefaultCannotBeDeleted() {
    scheduler.createScheduleGroup(b -> b.name("doomed"));
    scheduler.createSchedule(schedule("doomed", "s", "{}").state(ScheduleState.DISABLED).build());

    scheduler.deleteScheduleGroup(b -> b.name("doomed"));

    assertThatThrownBy(() -> scheduler.getSchedule(b -> b.groupName("doomed").name("s")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> scheduler.deleteScheduleGroup(b -> b.name("default")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void createScheduleGroup_beyondQuota_isServiceQuotaExceeded() {
    for (int i = 1; i < LocalScheduler.MAX_GROUPS; i++) {
      int n = i;
      scheduler.createScheduleGroup(b -> b.name("g" + n));
    }
    assertThatThrownBy(() -> scheduler.createScheduleGroup(b -> b.name("one-too-many")))
        .isInstanceOf(ServiceQuotaExceededException.class);
  }

  @Test
  void listSchedules_pagesThroughAThousand_andFiltersByState() {
    scheduler.createScheduleGroup(b -> b.name("big"));
    for (int i = 0; i < 1000; i++) {
      scheduler.createSchedule(schedule("big", String.format("vpc-%04d", i), "{}")
          .state(i % 10 == 0 ? ScheduleState.ENABLED : ScheduleState.DISABLED)
          .startDate(Instant.now().plus(Duration.ofDays(1))).build());
    }
    List<String> names = scheduler.listSchedulesPaginator(b -> b.groupName("big")).schedules().stream()
        .map(ScheduleSummary::name).toList();
    assertThat(names).hasSize(1000).doesNotHaveDuplicates();
    assertThat(scheduler.listSchedulesPaginator(b -> b.groupName("big").state(ScheduleState.ENABLED)).schedules()
        .stream().count()).isEqualTo(100);
  }

  @Test
  void rateSchedule_firesAtOnceThenEveryPeriod_withItsInput_untilDisabled() throws Exception {
    BlockingQueue<ScheduleInvocation> fired = new LinkedBlockingQueue<>();
    cloud.scheduler().addInvocationListener(fired::add);

    scheduler.createSchedule(schedule(null, "tick", "{\"vpcId\":\"vpc-1\"}").build());
    ScheduleInvocation first = fired.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.delivered()).isTrue();
    assertThat(first.input()).isEqualTo("{\"vpcId\":\"vpc-1\"}");
    assertThat(fired).isEmpty();

    cloud.clock().advance(Duration.ofMinutes(1));
    ScheduleInvocation second = fired.poll(10, TimeUnit.SECONDS);
    assertThat(second).isNotNull();
    assertThat(Duration.between(first.due(), second.due())).isEqualTo(Duration.ofMinutes(1));
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(2);
    assertThat(sfn.describeExecution(b -> b.executionArn(
        sfn.listExecutions(l -> l.stateMachineArn(machine)).executions().get(0).executionArn())).input())
        .isEqualTo("{\"vpcId\":\"vpc-1\"}");

    scheduler.updateSchedule(b -> b.name("tick").scheduleExpression("rate(1 minute)").state(ScheduleState.DISABLED)
        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).target(t -> t.arn(machine).roleArn(ROLE)));
    cloud.clock().advance(Duration.ofMinutes(3));
    assertThat(fired.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(cloud.scheduler().counters().firings()).isEqualTo(2);
  }

  @Test
  void flexibleSchedule_firesWithinItsWindowAfterTheScheduledTime() throws Exception {
    BlockingQueue<ScheduleInvocation> fired = new LinkedBlockingQueue<>();
    cloud.scheduler().addInvocationListener(fired::add);
    Instant start = cloud.clock().instant().plus(Duration.ofMinutes(1));

    scheduler.createSchedule(schedule(null, "spread", "{}").startDate(start)
        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.FLEXIBLE).maximumWindowInMinutes(1)).build());
    assertThat(scheduler.getSchedule(b -> b.name("spread")).flexibleTimeWindow().maximumWindowInMinutes()).isEqualTo(1);
    cloud.clock().advance(Duration.ofMinutes(2));

    ScheduleInvocation invocation = fired.poll(10, TimeUnit.SECONDS);
    assertThat(invocation).isNotNull();
    assertThat(invocation.due()).isBetween(start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
        start.plus(Duration.ofMinutes(1)));
  }

  @Test
  void schedule_whoseTargetIsMissing_isDeadLettered() throws Exception {
    BlockingQueue<ScheduleInvocation> fired = new LinkedBlockingQueue<>();
    cloud.scheduler().addInvocationListener(fired::add);
    String dlq = "arn:aws:sqs:us-east-1:000000000000:dlq";

    scheduler.createSchedule(schedule(null, "lost", "{}").target(t -> t.roleArn(ROLE)
        .arn("arn:aws:states:us-east-1:000000000000:stateMachine:missing").deadLetterConfig(d -> d.arn(dlq))).build());

    ScheduleInvocation invocation = fired.poll(10, TimeUnit.SECONDS);
    assertThat(invocation).isNotNull();
    assertThat(invocation.delivered()).isFalse();
    assertThat(invocation.errorCode()).isEqualTo("StateMachineDoesNotExist");
    assertThat(cloud.scheduler().deadLetters(dlq)).containsExactly(invocation);
  }
}
