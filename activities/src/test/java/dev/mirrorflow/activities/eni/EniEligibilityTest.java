package dev.mirrorflow.activities.eni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.Map;
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
        Arguments.of("instance type without mirroring (m6i)", ALL, plain(), "m6i.large", Map.of(), SkipReason.INSTANCE_TYPE_UNSUPPORTED),
        Arguments.of("bare metal", ALL, plain(), "m5.metal", Map.of(), SkipReason.INSTANCE_TYPE_UNSUPPORTED),
        Arguments.of("T2 (non-Nitro, not listed)", ALL, plain(), "t2.micro", Map.of(), SkipReason.INSTANCE_TYPE_UNSUPPORTED),
        Arguments.of("type not on any list is worth a try", ALL, plain(), "zz9.large", Map.of(), null),
        Arguments.of("instance unknown to DescribeInstances is worth a try", ALL, plain(), null, Map.of(), null),
        Arguments.of("include policy, no matching tag", POLICY, plain(), "m5.large", Map.of(), SkipReason.EXCLUDED_BY_TAGS),
        Arguments.of("include policy matched by the instance's tag", POLICY, plain(), "m5.large", Map.of("mirror", "yes"), null),
        Arguments.of("exclude wins over include", POLICY, eni("interface", false, INSTANCE, Map.of("mirror", "off")),
            "m5.large", Map.of("mirror", "yes"), SkipReason.EXCLUDED_BY_TAGS),
        Arguments.of("AWS refused it before, same instance type", ALL,
            eni("interface", false, INSTANCE, Map.of(MirrorTags.MIRRORING_UNSUPPORTED, "zz9.large")),
            "zz9.large", Map.of(), SkipReason.KNOWN_UNSUPPORTED),
        Arguments.of("AWS refused it before, instance resized since", ALL,
            eni("interface", false, INSTANCE, Map.of(MirrorTags.MIRRORING_UNSUPPORTED, "zz9.large")),
            "m5.large", Map.of(), null));
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
