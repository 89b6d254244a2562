package dev.mirrorflow.activities.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.plan.MirrorStateReader;
import dev.mirrorflow.activities.plan.PlanVpcRequest;
import dev.mirrorflow.activities.plan.VpcPlanner;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.session.CreateBatch;
import dev.mirrorflow.activities.session.CreateBatchResult;
import dev.mirrorflow.activities.session.SessionCreator;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The allowlist read from the step's environment, the create batch's check, and the planner's refusals. */
class GuardTest {
  static final String VPC = "vpc-00000000000000001";
  static final String SUBNET = "subnet-0000000000000000a";
  static final String ALLOWED = "tmt-0000000000000000a";
  static final String FOREIGN = "tmt-0000000000000000f";
  static final String FILTER = "tmf-0000000000000000a";

  final InMemoryEc2 ec2 = new InMemoryEc2(VPC);
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final PrintStream log = new PrintStream(stdout, true, StandardCharsets.UTF_8);
  final EmbeddedMetrics metrics = new EmbeddedMetrics(log, Clock.systemUTC());
  final AllowedMirrorResources allowed = AllowedMirrorResources.of(Set.of(ALLOWED), Set.of(FILTER));

  static Environment env(Map<String, String> variables) {
    return new Environment("us-east-1", null, false, variables);
  }

  @Test
  void fromEnvironment_whenUnset_allowsNothing_whenStar_allowsAny_elseExactlyTheList() {
    AllowedMirrorResources none = AllowedMirrorResources.fromEnvironment(env(Map.of()));
    assertThat(none.refusal(ALLOWED, FILTER)).contains(AllowedMirrorResources.TARGET_NOT_ALLOWED);

    AllowedMirrorResources any = AllowedMirrorResources.fromEnvironment(env(Map.of(
        AllowedMirrorResources.TARGETS_VARIABLE, "*", AllowedMirrorResources.FILTERS_VARIABLE, "*")));
    assertThat(any.refusal(FOREIGN, "tmf-0000000000000000f")).isEmpty();

    AllowedMirrorResources listed = AllowedMirrorResources.fromEnvironment(env(Map.of(
        AllowedMirrorResources.TARGETS_VARIABLE, ALLOWED + ", tmt-0000000000000000b",
        AllowedMirrorResources.FILTERS_VARIABLE, FILTER)));
    assertThat(listed.targetIds()).containsExactlyInAnyOrder(ALLOWED, "tmt-0000000000000000b");
    assertThat(listed.refusal(ALLOWED, FILTER)).isEmpty();
    assertThat(listed.refusal(FOREIGN, FILTER)).contains(AllowedMirrorResources.TARGET_NOT_ALLOWED);
    assertThat(listed.refusal(ALLOWED, "tmf-0000000000000000f")).contains(AllowedMirrorResources.FILTER_NOT_ALLOWED);
    assertThat(AllowedMirrorResources.render(listed.targetIds())).isEqualTo(ALLOWED + ",tmt-0000000000000000b");
  }

  @Test
  void createBatch_whenItsTargetIsNotAllowed_createsNothingAndRefusesEveryEniByName() {
    String eni1 = ec2.addInstanceEni(SUBNET, "m5.large");
    String eni2 = ec2.addInstanceEni(SUBNET, "m5.large");
    FakeRegistry registry = new FakeRegistry().register("blue", VPC, VpcMirroringConfig.of(FOREIGN, FILTER));
    AllowlistedCreates creates =
        new AllowlistedCreates(allowed, new SessionCreator(registry, ec2, metrics, log)::create, log);

    CreateBatchResult result = creates.apply(new CreateBatch("blue", VPC, SUBNET, FOREIGN, FILTER, null, null, List.of(
        new CreateBatch.CreateItem(eni1, 1, "t1", "m5.large"), new CreateBatch.CreateItem(eni2, 1, "t2", "m5.large"))));

    assertThat(result.created()).isZero();
    assertThat(result.failed()).containsExactly(Map.entry(AllowedMirrorResources.TARGET_NOT_ALLOWED, 2));
    assertThat(result.failures()).extracting(CreateBatchResult.ItemFailure::eniId).containsExactly(eni1, eni2);
    assertThat(ec2.allSessions()).isEmpty();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"event\":\"TargetNotAllowed\"");
  }

  @Test
  void createBatch_whenAllowed_createsAsBefore() {
    String eni = ec2.addInstanceEni(SUBNET, "m5.large");
    FakeRegistry registry = new FakeRegistry().register("blue", VPC, VpcMirroringConfig.of(ALLOWED, FILTER));
    AllowlistedCreates creates =
        new AllowlistedCreates(allowed, new SessionCreator(registry, ec2, metrics, log)::create, log);

    CreateBatchResult result = creates.apply(new CreateBatch("blue", VPC, SUBNET, ALLOWED, FILTER, null, null,
        List.of(new CreateBatch.CreateItem(eni, 1, "t1", "m5.large"))));

    assertThat(result.created()).isEqualTo(1);
    assertThat(ec2.sessionsOf(eni)).singleElement().satisfies(s -> assertThat(s.targetId()).isEqualTo(ALLOWED));
  }

  @Test
  void planVpc_whenTheRegistrationWasChangedBehindAddVpc_refusesBeforeReadingOrDeletingAnything() {
    String eni = ec2.addInstanceEni(SUBNET, "m5.large");
    ec2.addSession(eni, ALLOWED, FILTER, 1, null, null, Map.of("mirrorflow:cluster", "blue"));
    FakeRegistry registry = new FakeRegistry().tamper("blue", VPC, VpcMirroringConfig.of(ALLOWED, "tmf-0000000000000000b"));
    VpcPlanner planner = new VpcPlanner(registry, new MirrorStateReader(ec2), metrics, AllowedMirrorResources.any());

    assertThatThrownBy(() -> planner.plan(new PlanVpcRequest("blue", VPC, null, false)))
        .isInstanceOf(RegistrationNotConfirmedException.class).hasMessageContaining("changed outside add-vpc");
    assertThat(ec2.sessionsOf(eni)).hasSize(1);
  }

  @Test
  void planVpc_whenTheRegisteredTargetIsNotAllowed_refusesSoNoOwnedSessionIsDeleted() {
    FakeRegistry registry = new FakeRegistry().register("blue", VPC, VpcMirroringConfig.of(FOREIGN, FILTER));
    VpcPlanner planner = new VpcPlanner(registry, new MirrorStateReader(ec2), metrics, allowed);

    assertThatThrownBy(() -> planner.plan(new PlanVpcRequest("blue", VPC, null, false)))
        .isInstanceOf(MirrorResourceNotAllowedException.class).hasMessageContaining(FOREIGN).hasMessageContaining(ALLOWED);
  }

  @Test
  void planVpc_purge_needsNeitherConfirmationNorAllowlist() {
    FakeRegistry registry = new FakeRegistry().tamper("blue", VPC, VpcMirroringConfig.of(FOREIGN, FILTER));
    VpcPlanner planner = new VpcPlanner(registry, new MirrorStateReader(ec2), metrics, allowed);

    assertThat(planner.plan(new PlanVpcRequest("blue", VPC, null, false, true)).purge()).isTrue();
  }
}
