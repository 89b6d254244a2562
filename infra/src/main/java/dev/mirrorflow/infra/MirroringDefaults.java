package dev.mirrorflow.infra;

import java.util.List;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.services.ec2.CfnTrafficMirrorFilter;
import software.amazon.awscdk.services.ec2.CfnTrafficMirrorFilterRule;
import software.amazon.awscdk.services.ec2.CfnTrafficMirrorTarget;
import software.constructs.Construct;

/**
 * The mirror target and filter VPCs use unless their config names others: the settings' own, or a
 * target on the settings' load balancer and an accept-all filter that this room creates.
 */
final class MirroringDefaults extends ClusterRoom {
  private final String targetId;
  private final String filterId;

  MirroringDefaults(Construct scope, String id, ClusterSettings settings) {
    super(scope, id);
    targetId = target(settings);
    filterId = settings.filterId().orElseGet(() -> acceptAllFilter(settings.cluster()));
  }

  /** The default mirror target's id (or a reference to the one created here). */
  String targetId() {
    return targetId;
  }

  /** The default mirror filter's id (or a reference to the one created here). */
  String filterId() {
    return filterId;
  }

  private String target(ClusterSettings settings) {
    MirrorTarget target = settings.target();
    if (target instanceof MirrorTarget.Existing existing) {
      return existing.targetId();
    }
    CfnTrafficMirrorTarget.Builder builder =
        CfnTrafficMirrorTarget.Builder.create(this, "DefaultMirrorTarget")
            .description("Mirrorflow cluster " + settings.cluster() + " default target")
            .tags(List.of(CfnTag.builder().key(MirrorflowStack.OWNER_TAG).value(settings.cluster()).build()));
    if (target instanceof MirrorTarget.NetworkLoadBalancer nlb) {
      builder.networkLoadBalancerArn(nlb.arn());
    } else if (target instanceof MirrorTarget.GatewayLoadBalancerEndpoint endpoint) {
      builder.gatewayLoadBalancerEndpointId(endpoint.endpointId());
    }
    return builder.build().getRef();
  }

  private String acceptAllFilter(String cluster) {
    CfnTrafficMirrorFilter filter =
        CfnTrafficMirrorFilter.Builder.create(this, "DefaultMirrorFilter")
            .description("Mirrorflow cluster " + cluster + " default: accept all traffic")
            .tags(List.of(CfnTag.builder().key(MirrorflowStack.OWNER_TAG).value(cluster).build()))
            .build();
    int rule = 100;
    for (String direction : List.of("ingress", "egress")) {
      for (String cidr : List.of("0.0.0.0/0", "::/0")) {
        CfnTrafficMirrorFilterRule.Builder.create(this, "DefaultMirrorFilter-" + direction + "-" + rule)
            .trafficMirrorFilterId(filter.getRef())
            .trafficDirection(direction)
            .ruleNumber(rule)
            .ruleAction("accept")
            .sourceCidrBlock(cidr)
            .destinationCidrBlock(cidr)
            .description("accept all " + (cidr.contains(":") ? "IPv6" : "IPv4") + " " + direction)
            .build();
        rule += 100;
      }
      rule = 100;
    }
    return filter.getRef();
  }
}
