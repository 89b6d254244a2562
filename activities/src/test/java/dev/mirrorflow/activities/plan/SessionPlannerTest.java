package dev.mirrorflow.activities.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.eni.ClassifiedEni;
import dev.mirrorflow.activities.eni.SkipReason;
import dev.mirrorflow.activities.plan.SessionPlan.DeleteReason;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionPlannerTest {
  static final String CLUSTER = "blue";
  static final String SUBNET = "subnet-00000000000000001";
  static final String TARGET = "tmt-0000000000000000a";
  static final String OTHER_TARGET = "tmt-0000000000000000b";
  static final String FILTER = "tmf-0000000000000000a";
  static final String OTHER_FILTER = "tmf-0000000000000000b";
  static final String ENI_A = "eni-0000000000000000a";
  static final String ENI_B = "eni-0000000000000000b";
  static final VpcMirroringConfig CONFIG = new VpcMirroringConfig(TARGET, FILTER, 4242, 1, null, null, null);
  static final VpcMirroringConfig NO_VNI = new VpcMirroringConfig(TARGET, FILTER, null, 1, null, null, null);
  static final VpcMirroringConfig TRUNCATING = new VpcMirroringConfig(TARGET, FILTER, 4242, 1, 128, null, null);

  static ClassifiedEni eligible(String eni) {
    return ClassifiedEni.eligible(eni, SUBNET, "m5.large");
  }

  static MirrorSession owned(String id, String eni, String target, String filter, int number, int vni, Integer length) {
    return new MirrorSession(id, eni, target, filter, number, vni, length,
        Map.of(MirrorTags.CLUSTER, CLUSTER, MirrorTags.VPC, "vpc-00000000000000001", MirrorTags.SUBNET, SUBNET));
  }

  static MirrorSession good(String id, String eni) {
    return owned(id, eni, TARGET, FILTER, 1, 4242, null);
  }

  static MirrorSession foreign(String id, String eni, int number) {
    return new MirrorSession(id, eni, OTHER_TARGET, OTHER_FILTER, number, 7, null, Map.of("team", "secops"));
  }

  static MirrorSession otherCluster(String id, String eni, int number) {
    return new MirrorSession(id, eni, TARGET, FILTER, number, 4242, null, Map.of(MirrorTags.CLUSTER, "green"));
  }

  /**
   * One row: the inputs, and the expected plan as creates (ENI to session number), deleted session
   * ids, kept session ids and skipped ENIs (ENI to reason).
   */
  record Row(
      VpcMirroringConfig config,
      List<ClassifiedEni> enis,
      List<MirrorSession> sessions,
      Map<String, Integer> creates,
      List<String> deletes,
      List<String> keeps,
      Map<String, SkipReason> skipped) {}

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("new ENI gets a session with the configured number", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(),
            Map.of(ENI_A, 1), List.of(), List.of(), Map.of())),
        // EC2 deletes an ENI's sessions with it; one listed late must not be deleted by a stale ENI listing.
        Arguments.of("owned session of an unlisted ENI is left to EC2 (no ENI-gone case)", new Row(CONFIG,
            List.of(), List.of(good("tms-0000000000000001", ENI_A)),
            Map.of(), List.of(), List.of(), Map.of())),
        Arguments.of("owned session of an ENI no longer eligible is deleted", new Row(CONFIG,
            List.of(ClassifiedEni.skipped(ENI_A, SUBNET, "m5.large", SkipReason.EXCLUDED_BY_TAGS)),
            List.of(good("tms-0000000000000001", ENI_A)),
            Map.of(), List.of("tms-0000000000000001"), List.of(), Map.of(ENI_A, SkipReason.EXCLUDED_BY_TAGS))),
        Arguments.of("unchanged session is kept", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(good("tms-0000000000000001", ENI_A)),
            Map.of(), List.of(), List.of("tms-0000000000000001"), Map.of())),
        Arguments.of("session with another target is replaced", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(owned("tms-0000000000000001", ENI_A, OTHER_TARGET, FILTER, 1, 4242, null)),
            Map.of(ENI_A, 1), List.of("tms-0000000000000001"), List.of(), Map.of())),
        Arguments.of("session with another filter is replaced", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(owned("tms-0000000000000001", ENI_A, TARGET, OTHER_FILTER, 1, 4242, null)),
            Map.of(ENI_A, 1), List.of("tms-0000000000000001"), List.of(), Map.of())),
        Arguments.of("session with another VNI is replaced", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(owned("tms-0000000000000001", ENI_A, TARGET, FILTER, 1, 99, null)),
            Map.of(ENI_A, 1), List.of("tms-0000000000000001"), List.of(), Map.of())),
        Arguments.of("session with another packet length is replaced", new Row(TRUNCATING,
            List.of(eligible(ENI_A)), List.of(good("tms-0000000000000001", ENI_A)),
            Map.of(ENI_A, 1), List.of("tms-0000000000000001"), List.of(), Map.of())),
        Arguments.of("session with another number is replaced when the configured one is free", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(owned("tms-0000000000000001", ENI_A, TARGET, FILTER, 5, 4242, null)),
            Map.of(ENI_A, 1), List.of("tms-0000000000000001"), List.of(), Map.of())),
        Arguments.of("config without VNI keeps the VNI AWS chose", new Row(NO_VNI,
            List.of(eligible(ENI_A)), List.of(owned("tms-0000000000000001", ENI_A, TARGET, FILTER, 1, 777, null)),
            Map.of(), List.of(), List.of("tms-0000000000000001"), Map.of())),
        Arguments.of("foreign session on the configured number: next free number, foreign untouched", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(foreign("tms-00000000000000f1", ENI_A, 1), foreign("tms-00000000000000f2", ENI_A, 2)),
            Map.of(ENI_A, 3), List.of(), List.of(), Map.of())),
        Arguments.of("owned session on another number is kept while a foreign one holds the configured number", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(foreign("tms-00000000000000f1", ENI_A, 1),
                owned("tms-0000000000000001", ENI_A, TARGET, FILTER, 2, 4242, null)),
            Map.of(), List.of(), List.of("tms-0000000000000001"), Map.of())),
        Arguments.of("ENI with 3 sessions already is skipped", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(foreign("tms-00000000000000f1", ENI_A, 1),
                foreign("tms-00000000000000f2", ENI_A, 2), otherCluster("tms-00000000000000f3", ENI_A, 3)),
            Map.of(), List.of(), List.of(), Map.of(ENI_A, SkipReason.SESSION_LIMIT))),
        Arguments.of("two owned sessions on one ENI: the extra is deleted", new Row(CONFIG,
            List.of(eligible(ENI_A)), List.of(owned("tms-0000000000000002", ENI_A, TARGET, FILTER, 2, 4242, null),
                good("tms-0000000000000001", ENI_A)),
            Map.of(), List.of("tms-0000000000000002"), List.of("tms-0000000000000001"), Map.of())),
        Arguments.of("empty subnet: nothing to do", new Row(CONFIG,
            List.of(), List.of(), Map.of(), List.of(), List.of(), Map.of())),
        Arguments.of("another cluster's session on a skipped ENI is never touched", new Row(CONFIG,
            List.of(ClassifiedEni.skipped(ENI_A, SUBNET, null, SkipReason.REQUESTER_MANAGED), eligible(ENI_B)),
            List.of(otherCluster("tms-00000000000000f3", ENI_A, 1), otherCluster("tms-00000000000000f4", ENI_B, 1)),
            Map.of(ENI_B, 2), List.of(), List.of(), Map.of(ENI_A, SkipReason.REQUESTER_MANAGED))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void plan_whenCaseOfTable_matchesExpectedPlan(String name, Row row) {
    SessionPlan plan = new SessionPlanner(CLUSTER).plan(row.config(), row.enis(), row.sessions());

    assertThat(plan.creates().stream().collect(Collectors.toMap(c -> c.eniId(), c -> c.sessionNumber())))
        .as("creates").isEqualTo(row.creates());
    assertThat(plan.deletes()).extracting(SessionPlan.SessionToDelete::sessionId)
        .as("deletes").containsExactlyInAnyOrderElementsOf(row.deletes());
    assertThat(plan.keeps()).extracting(SessionPlan.KeptSession::sessionId)
        .as("keeps").containsExactlyInAnyOrderElementsOf(row.keeps());
    assertThat(plan.skipped().stream().collect(Collectors.toMap(s -> s.eniId(), s -> s.reason())))
        .as("skipped").isEqualTo(row.skipped());
    assertThat(plan.deletes()).as("only owned sessions are ever deleted")
        .allSatisfy(d -> assertThat(row.sessions().stream()
            .filter(s -> s.sessionId().equals(d.sessionId())).findFirst().orElseThrow().ownedBy(CLUSTER)).isTrue());
  }

  @Test
  void plan_whenSessionListedTwice_countsItOnce() {
    MirrorSession session = good("tms-0000000000000001", ENI_A);

    SessionPlan plan = new SessionPlanner(CLUSTER).plan(CONFIG, List.of(eligible(ENI_A)), List.of(session, session));

    assertThat(plan.keeps()).hasSize(1);
    assertThat(plan.deletes()).isEmpty();
  }

  @Test
  void plan_whenReplacing_givesDeleteReasonOutdatedAndDuplicateReasonForExtras() {
    SessionPlan replaced = new SessionPlanner(CLUSTER).plan(CONFIG, List.of(eligible(ENI_A)),
        List.of(owned("tms-0000000000000001", ENI_A, OTHER_TARGET, FILTER, 1, 4242, null)));
    SessionPlan duplicate = new SessionPlanner(CLUSTER).plan(CONFIG, List.of(eligible(ENI_A)),
        List.of(good("tms-0000000000000001", ENI_A), good("tms-0000000000000002", ENI_A)));

    assertThat(replaced.deletes()).extracting(SessionPlan.SessionToDelete::reason).containsExactly(DeleteReason.OUTDATED);
    assertThat(duplicate.deletes()).extracting(SessionPlan.SessionToDelete::reason).containsExactly(DeleteReason.DUPLICATE);
    assertThat(duplicate.keeps()).extracting(SessionPlan.KeptSession::sessionId).containsExactly("tms-0000000000000001");
  }

  // CreateTrafficMirrorSession, PacketLength: "For sessions with Network Load Balancer (NLB) Traffic Mirror
  // targets the default PacketLength will be set to 8500."
  @org.junit.jupiter.params.ParameterizedTest(name = "configured {0}, read back {1}, target default {2} -> kept {3}")
  @org.junit.jupiter.params.provider.CsvSource(nullValues = "none", value = {
      "none, 8500, 8500, true",    // NLB target, no length configured: AWS's 8500 is what was asked
      "none, none, none, true",    // other targets: the whole packet
      "none, 8500, none, false",   // not an NLB: 8500 is not the whole packet
      "none, none, 8500, false",   // an NLB session reading back no length is not what AWS makes
      "128, 128, 128, true",
      "128, 8500, 128, false"})
  void plan_whenPacketLengthReadBackDiffers_keepsOnlyWhatAwsWouldReadBack(
      Integer configured, Integer readBack, Integer defaultForTarget, boolean kept) {
    VpcMirroringConfig config = new VpcMirroringConfig(TARGET, FILTER, 4242, 1, configured, null, null);
    MirrorSession session = owned("tms-0000000000000000a", ENI_A, TARGET, FILTER, 1, 4242, readBack);

    SessionPlan plan = new SessionPlanner(CLUSTER).plan(config, List.of(eligible(ENI_A)), List.of(session),
        defaultForTarget);

    assertThat(plan.keeps().isEmpty()).isEqualTo(!kept);
    assertThat(plan.deletes().isEmpty()).isEqualTo(kept);
  }

  @Test
  void freeNumber_whenTopNumberTaken_wrapsToLowestFree() {
    assertThat(SessionPlanner.freeNumber(VpcMirroringConfig.MAX_SESSION_NUMBER,
        java.util.Set.of(VpcMirroringConfig.MAX_SESSION_NUMBER, 1))).isEqualTo(2);
  }
}
