package dev.mirrorflow.activities.ec2;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What DescribeTrafficMirrorTargets says about a target, as far as planning cares.
 *
 * @param targetId {@code tmt-...}
 * @param type EC2's type: {@link #TYPE_NETWORK_INTERFACE}, {@link #TYPE_NETWORK_LOAD_BALANCER} or
 *     {@code gateway-load-balancer-endpoint}
 * @param eniId the target's ENI when it is an ENI, else null
 */
public record MirrorTarget(String targetId, String type, String eniId) {
  public static final String TYPE_NETWORK_INTERFACE = "network-interface";
  public static final String TYPE_NETWORK_LOAD_BALANCER = "network-load-balancer";
  /**
   * The packet length EC2 sets on a session to a Network Load Balancer target created without one
   * (CreateTrafficMirrorSession, PacketLength).
   */
  public static final int NLB_DEFAULT_PACKET_LENGTH = 8500;

  /**
   * The packet length a session to this target reads back when created with {@code configured}: what
   * was asked, or AWS's default for the target's type (8500 for a Network Load Balancer, else the
   * whole packet, null).
   */
  public Integer readBackPacketLength(Integer configured) {
    if (configured != null) {
      return configured;
    }
    return TYPE_NETWORK_LOAD_BALANCER.equals(type) ? NLB_DEFAULT_PACKET_LENGTH : null;
  }

  /** The ENIs in use as targets among {@code targets}: AWS takes none of them as a mirror source. */
  public static Set<String> eniIds(Collection<MirrorTarget> targets) {
    return targets.stream().map(MirrorTarget::eniId).filter(Objects::nonNull).collect(Collectors.toSet());
  }

  /**
   * The packet length a session to {@code targetId} (one of {@code targets}) reads back when created
   * with {@code configured}; {@code configured} when the target is not among them.
   */
  public static Integer readBackPacketLength(Collection<MirrorTarget> targets, String targetId, Integer configured) {
    return targets.stream().filter(t -> t.targetId().equals(targetId)).findFirst()
        .map(t -> t.readBackPacketLength(configured)).orElse(configured);
  }
}
