package dev.mirrorflow.activities.eni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EniEligibilityTest {
  static final String SUBNET = "subnet-00000000000000001";
  static final String INSTANCE = "i-00000000000000001";
  static final VpcMirroringConfig ALL = VpcMirroringConfig.of("tmt-0000000000000000a", "tmf-0000000000000000a");
  static final VpcMirroringConfig POLICY = new VpcMirroringConfig("tmt-0000000000000000a", "tmf-0000000000000000a",
      null, null, null, Map.of("mirror", "*"), Map.of("mirror", "off"));

  static NetworkInterface eni(String type, boolean requesterManaged, String instanceId, Map<String, String> tags) {
    return new NetworkInterface("eni-0000000000000000a", SUBNET, type, requesterManaged, instanceId, tags);
  }

  static NetworkInterface plain() {
    return eni("interface", false, INSTANCE, Map.of());
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("ordinary ENI of a supported instance", ALL, plain(), "m5.large", Map.of(), null),
        Arguments.of("Lambda ENI", ALL, eni("lambda", true, null, Map.of()), null, Map.of(), SkipReason.NOT_INTERFACE_TYPE),
        Arguments.of("NAT gateway ENI", ALL, eni("natGateway", true, null, Map.of()), null, Map.of(), SkipReason.NOT_INTERFACE_TYPE),
        Arguments.of("VPC endpoint ENI", ALL, eni("vpc_endpoint", true, null, Map.of()), null, Map.of(), SkipReason.NOT_INTERFACE_TYPE),
        Arguments.of("load balancer ENI", ALL, eni("network_load_balancer", true, null, Map.of()), null, Map.of(), SkipReason.NOT_INTERFACE_TYPE),
        Arguments.of("Gateway Load Balancer endpoint ENI", ALL, eni("gateway_load_balancer_endpoint", true, null, Map.of()), null, Map.of(), SkipReason.NOT_INTERFACE_TYPE),
        Arguments.of("transit gateway ENI", ALL, eni("transit_gateway", true, null, Map.of()), null, Map.of(), SkipReason.NOT_INTERFACE_TYPE),
        Arguments.of("requester-managed ENI of type interface (e.g. RDS)", ALL, eni("interface", true, null, Map.of()), null, Map.of(), SkipReason.REQUESTER_MANAGED),
        Arguments.of("unattached ENI", ALL, eni("interface", false, null, Map.of()), null, Map.of(), SkipReason.NOT_ATTACHED),
        Arguments.of("modern family on the page's supported list (m6i; an older copy said not available)", ALL, plain(), "m6i.large", Map.of(), null),
        Arguments.of("bare metal", ALL, plain(), "m5.metal", Map.of(), SkipReason.INSTANCE_TYPE_UNSUPPORTED),
        Arguments.of("T2 (non-Nitro, not listed)", ALL, plain(), "t2.micro", Map.of(), SkipReason.INSTANCE_TYPE_UNSUPPORTED),
        Arguments.of("type not on any list is worth a try", ALL, plain(), "zz9.large", Map.of(), null),
        Arguments.of("instance unknown to DescribeInstances is worth a try", ALL, plain(), null, Map.of(), null),
        Arguments.of("include policy, no matching tag", POLICY, plain(), "m5.large", Map.of(), SkipReason.EXCLUDED_BY_TAGS),
        Arguments.of("include policy matched by the instance's tag", POLICY, plain(), "m5.large", Map.of("mirror", "yes"), null),
        Arguments.of("exclude wins over include", POLICY, eni("interface", false, INSTANCE, Map.of("mirror", "off")),
            "m5.large", Map.of("mirror", "yes"), SkipReason.EXCLUDED_BY_TAGS),
        Arguments.of("modern family on the page's supported list (c7i)", ALL, plain(), "c7i.xlarge", Map.of(), null),
        Arguments.of("Graviton family the older copy ruled out (m8g) is worth a try", ALL, plain(), "m8g.large", Map.of(), null),
        Arguments.of("non-Nitro family the page names (m4)", ALL, plain(), "m4.large", Map.of(), null));
  }

  static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");
  static final String TARGET_ENI = "eni-0000000000000000a";

  static NetworkInterface tagged(String key, String value) {
    return eni("interface", false, INSTANCE, Map.of(key, value));
  }

  /** Cases that need what lies beyond the ENI: the account's target ENIs and remembered refusals. */
  static Stream<Arguments> contextTable() {
    NetworkInterface otherZz9 = new NetworkInterface("eni-0000000000000000f", "subnet-0000000000000000f", "interface",
        false, "i-0000000000000000f", Map.of(MirrorTags.MIRRORING_UNSUPPORTED, "zz9.large@2026-12-01T08:00:00Z"));
    NetworkInterface staleZz9 = new NetworkInterface("eni-0000000000000000f", "subnet-0000000000000000f", "interface",
        false, "i-0000000000000000f", Map.of(MirrorTags.MIRRORING_UNSUPPORTED, "zz9.large@2026-11-29T08:00:00Z"));
    VpcMirroringConfig managed = new VpcMirroringConfig("tmt-0000000000000000a", "tmf-0000000000000000a",
        null, null, null, null, null, true);
    return Stream.of(
        Arguments.of("ENI of a mirror target (appliance in the VPC)", ALL, plain(), "m5.large", Set.of(TARGET_ENI), List.of(),
            SkipReason.MIRROR_TARGET),
        Arguments.of("refused today for its type on this ENI", ALL,
            tagged(MirrorTags.MIRRORING_UNSUPPORTED, "zz9.large@2026-12-01T10:00:00Z"), "zz9.large", Set.of(), List.of(),
            SkipReason.KNOWN_UNSUPPORTED),
        Arguments.of("refused two days ago: the memory expired, another try", ALL,
            tagged(MirrorTags.MIRRORING_UNSUPPORTED, "zz9.large@2026-11-29T10:00:00Z"), "zz9.large", Set.of(), List.of(),
            null),
        Arguments.of("refused before with another type: resized, another try", ALL,
            tagged(MirrorTags.MIRRORING_UNSUPPORTED, "zz9.large@2026-12-01T10:00:00Z"), "m5.large", Set.of(), List.of(),
            null),
        Arguments.of("untimed memory of an older version: another try", ALL,
            tagged(MirrorTags.MIRRORING_UNSUPPORTED, "zz9.large"), "zz9.large", Set.of(), List.of(), null),
        Arguments.of("its type was refused today on another ENI of the account", ALL, plain(), "zz9.large", Set.of(),
            List.of(otherZz9), SkipReason.KNOWN_UNSUPPORTED),
        Arguments.of("its type was refused two days ago elsewhere: another try", ALL, plain(), "zz9.large", Set.of(),
            List.of(staleZz9), null),
        Arguments.of("account's session quota refused it ten minutes ago", ALL,
            tagged(MirrorTags.REFUSED, "TrafficMirrorSessionLimitExceeded@2026-12-01T19:50:00Z"), "m5.large", Set.of(),
            List.of(), SkipReason.REMEMBERED_REFUSAL),
        Arguments.of("quota refusal two hours ago: tried again", ALL,
            tagged(MirrorTags.REFUSED, "TrafficMirrorSessionLimitExceeded@2026-12-01T18:00:00Z"), "m5.large", Set.of(),
            List.of(), null),
        Arguments.of("RDS ENI when the VPC mirrors managed databases", managed, eni("interface", true, null, Map.of()),
            null, Set.of(), List.of(), null),
        Arguments.of("RDS ENI when it does not (the default)", ALL, eni("interface", true, null, Map.of()),
            null, Set.of(), List.of(), SkipReason.REQUESTER_MANAGED),
        Arguments.of("Lambda ENI even when managed databases are mirrored", managed, eni("lambda", true, null, Map.of()),
            null, Set.of(), List.of(), SkipReason.NOT_INTERFACE_TYPE),
        Arguments.of("unattached ENI of ours even when managed databases are mirrored", managed,
            eni("interface", false, null, Map.of()), null, Set.of(), List.of(), SkipReason.NOT_ATTACHED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contextTable")
  void classify_whenTargetsOrMemoryOrManagedEnis_givesExpectedVerdict(
      String name, VpcMirroringConfig config, NetworkInterface eni, String type, Set<String> targetEnis,
      List<NetworkInterface> taggedElsewhere, SkipReason expected) {
    Map<String, Instance> instances = type == null ? Map.of() : Map.of(INSTANCE, new Instance(INSTANCE, type, Map.of()));
    List<NetworkInterface> tagged = new java.util.ArrayList<>(taggedElsewhere);
    tagged.add(eni);
    RefusalMemory memory = RefusalMemory.of(NOW, tagged);

    ClassifiedEni verdict = new EniEligibility(config, targetEnis, memory).classify(eni, instances);

    assertThat(verdict.skipReason()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void classify_whenCaseOfTable_givesExpectedVerdict(
      String name, VpcMirroringConfig config, NetworkInterface eni, String type, Map<String, String> instanceTags,
      SkipReason expected) {
    Map<String, Instance> instances = type == null ? Map.of() : Map.of(INSTANCE, new Instance(INSTANCE, type, instanceTags));

    ClassifiedEni verdict = new EniEligibility(config).classify(eni, instances);

    assertThat(verdict.skipReason()).isEqualTo(expected);
    assertThat(verdict.isEligible()).isEqualTo(expected == null);
    assertThat(verdict.subnetId()).isEqualTo(SUBNET);
  }
}
