package dev.mirrorflow.infra;

import java.util.regex.Pattern;

/** The traffic mirror target a cluster uses by default: an existing one, or one the stack creates. */
public sealed interface MirrorTarget {

  /** An existing target, {@code tmt-...}. */
  record Existing(String targetId) implements MirrorTarget {
    private static final Pattern ID = Pattern.compile("tmt-[0-9a-f]{8,17}");

    public Existing {
      if (targetId == null || !ID.matcher(targetId).matches()) {
        throw new InvalidSettingsException(
            "invalid targetId '" + targetId + "': expected a traffic mirror target id like tmt-0123456789abcdef0");
      }
    }
  }

  /** A target the stack creates for a Network Load Balancer, given by its ARN. */
  record NetworkLoadBalancer(String arn) implements MirrorTarget {
    private static final Pattern ARN =
        Pattern.compile("arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:loadbalancer/net/[A-Za-z0-9-]+/[0-9a-f]+");

    public NetworkLoadBalancer {
      if (arn == null || !ARN.matcher(arn).matches()) {
        throw new InvalidSettingsException(
            "invalid targetLoadBalancerArn '" + arn + "': expected a Network Load Balancer ARN, "
                + "arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID");
      }
    }
  }

  /**
   * A target the stack creates for a Gateway Load Balancer endpoint ({@code vpce-...}): a mirror
   * target points at the GWLB's endpoint, not at the load balancer itself.
   */
  record GatewayLoadBalancerEndpoint(String endpointId) implements MirrorTarget {
    private static final Pattern ID = Pattern.compile("vpce-[0-9a-f]{8,17}");

    public GatewayLoadBalancerEndpoint {
      if (endpointId == null || !ID.matcher(endpointId).matches()) {
        throw new InvalidSettingsException(
            "invalid targetEndpointId '" + endpointId + "': expected a Gateway Load Balancer endpoint id like "
                + "vpce-0123456789abcdef0");
      }
    }
  }
}
