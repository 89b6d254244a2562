package dev.mirrorflow.activities.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which outcomes of a reconcile page a person: a table of summaries and the counts the alarms see. */
class PermanentRefusalsTest {
  static final String TRANSIENT = "dev.mirrorflow.activities.ec2.TransientEc2Exception";

  /** failed: code=count pairs; failedSubnets: the error of each failed subnet (also counted in failed). */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("nothing failed", Map.of(), List.of(), 0, 0),
        Arguments.of("an ENI vanished before its create", Map.of("InvalidNetworkInterfaceID.NotFound", 2), List.of(), 0, 0),
        Arguments.of("an instance type EC2 does not mirror", Map.of("NetworkInterfaceNotSupported", 5), List.of(), 0, 0),
        Arguments.of("the account's session quota", Map.of("TrafficMirrorSessionLimitExceeded", 7), List.of(), 0, 7),
        Arguments.of("a target's source quota", Map.of("TrafficMirrorSourcesPerTargetLimitExceeded", 3), List.of(), 0, 3),
        Arguments.of("a refused permission", Map.of("UnauthorizedOperation", 1), List.of(), 0, 1),
        Arguments.of("a subnet failed", Map.of(TRANSIENT, 1), List.of(TRANSIENT), 1, 0),
        Arguments.of("two subnets failed with the same error", Map.of(TRANSIENT, 2), List.of(TRANSIENT, TRANSIENT), 2, 0),
        Arguments.of("a quota and a failed subnet and expected answers",
            Map.of("TrafficMirrorSessionLimitExceeded", 4, TRANSIENT, 1, "NetworkInterfaceNotSupported", 1,
                "InvalidNetworkInterfaceID.NotFound", 1), List.of(TRANSIENT), 1, 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void of_whenSummarized_countsWhatNeedsAPerson(
      String name, Map<String, Integer> failed, List<String> subnetErrors, int subnetsFailed, int refusals) {
    List<ReconcileSummary.FailedSubnet> subnets = new ArrayList<>();
    for (int i = 0; i < subnetErrors.size(); i++) {
      subnets.add(new ReconcileSummary.FailedSubnet("subnet-000000000000000" + i, subnetErrors.get(i), "why"));
    }
    ReconcileSummary summary = new ReconcileSummary("blue", "vpc-00000000000000001", 0, 0, 0, Map.of(),
        new LinkedHashMap<>(failed), subnets);

    assertThat(PermanentRefusals.of(summary)).containsExactlyInAnyOrderEntriesOf(Map.of(
        EmbeddedMetrics.SUBNETS_FAILED, subnetsFailed, EmbeddedMetrics.PERMANENT_REFUSALS, refusals));
  }
}
