package dev.mirrorflow.local.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * EC2's rules for admitting a new traffic mirror session, apart from the world that holds the
 * resources: parameter ranges, which ENIs can be sources, the quotas (sessions per source ENI,
 * sessions per account, sources per instance-ENI target) and session numbers unique per source. The
 * world calls it under its lock with the resources the session names (local/README.md cites each rule).
 */
final class SessionAdmission {
  private final Ec2Knobs knobs;

  SessionAdmission(Ec2Knobs knobs) {
    this.knobs = knobs;
  }

  /**
   * Fails with EC2's error when {@code spec} may not become a session.
   *
   * @param eni the source ENI, {@code attachedTo} the instance it is attached to, if any
   * @param targets every mirror target of the account; {@code sessions} every session of it
   */
  void admit(Ec2World.NewSession spec, NetworkInterface eni, MirrorTarget target, Optional<Instance> attachedTo,
      Collection<MirrorTarget> targets, Collection<MirrorSession> sessions) {
    requireRanges(spec);
    requireSource(eni, attachedTo, targets);
    List<MirrorSession> onEni = sessions.stream().filter(s -> s.networkInterfaceId().equals(eni.id())).toList();
    if (onEni.size() >= Ec2Knobs.SESSIONS_PER_INTERFACE) {
      throw LocalEc2Exception.client("TrafficMirrorSessionsPerInterfaceLimitExceeded",
          "The network interface '" + eni.id() + "' already has the maximum of "
              + Ec2Knobs.SESSIONS_PER_INTERFACE + " traffic mirror sessions.");
    }
    if (onEni.stream().anyMatch(s -> s.sessionNumber() == spec.sessionNumber())) {
      throw LocalEc2Exception.invalidParameter("The session number " + spec.sessionNumber()
          + " is already in use by another traffic mirror session on network interface '" + eni.id() + "'.");
    }
    if (sessions.size() >= knobs.sessionLimit()) {
      throw LocalEc2Exception.client("TrafficMirrorSessionLimitExceeded",
          "You have reached the limit of " + knobs.sessionLimit() + " traffic mirror sessions for this account.");
    }
    if (target.type().equals("network-interface")) {
      long sources = sessions.stream()
          .filter(s -> s.targetId().equals(target.id()))
          .map(MirrorSession::networkInterfaceId)
          .filter(src -> !src.equals(eni.id()))
          .distinct()
          .count();
      boolean alreadySource = onEni.stream().anyMatch(s -> s.targetId().equals(target.id()));
      if (!alreadySource && sources >= knobs.targetSourceLimit()) {
        throw LocalEc2Exception.client("TrafficMirrorSourcesPerTargetLimitExceeded",
            "The traffic mirror target '" + target.id() + "' already has the maximum of "
                + knobs.targetSourceLimit() + " sources.");
      }
    }
  }

  /** The packet length of the new session: AWS sets {@value Ec2World#NLB_DEFAULT_PACKET_LENGTH} for an NLB target given none. */
  static Integer packetLength(Ec2World.NewSession spec, MirrorTarget target) {
    return spec.packetLength() == null && target.type().equals("network-load-balancer")
        ? Integer.valueOf(Ec2World.NLB_DEFAULT_PACKET_LENGTH) : spec.packetLength();
  }

  private static void requireRanges(Ec2World.NewSession spec) {
    if (spec.sessionNumber() < 1 || spec.sessionNumber() > 32766) {
      throw LocalEc2Exception.invalidParameter("SessionNumber must be between 1 and 32766, got " + spec.sessionNumber());
    }
    if (spec.virtualNetworkId() != null && (spec.virtualNetworkId() < 0 || spec.virtualNetworkId() > 0xFFFFFF)) {
      throw LocalEc2Exception.invalidParameter("VirtualNetworkId must be between 0 and 16777215, got " + spec.virtualNetworkId());
    }
    if (spec.packetLength() != null && (spec.packetLength() < 1 || spec.packetLength() > Ec2World.NLB_DEFAULT_PACKET_LENGTH)) {
      throw LocalEc2Exception.invalidParameter("PacketLength must be between 1 and 8500, got " + spec.packetLength());
    }
  }

  private void requireSource(NetworkInterface eni, Optional<Instance> attachedTo, Collection<MirrorTarget> targets) {
    if (!eni.interfaceType().equals("interface")) {
      throw LocalEc2Exception.client("NetworkInterfaceNotSupported",
          "The network interface '" + eni.id() + "' of type '" + eni.interfaceType()
              + "' is not supported as a traffic mirror source.");
    }
    // Of the requester-managed ENIs, only those of Amazon RDS and Amazon ElastiCache can be sources.
    if (eni.requesterManaged() && !Ec2World.REQUESTER_RDS.equals(eni.requesterId())
        && !Ec2World.REQUESTER_ELASTICACHE.equals(eni.requesterId())) {
      throw LocalEc2Exception.client("NetworkInterfaceNotSupported",
          "The requester-managed network interface '" + eni.id() + "' is not supported as a traffic mirror source.");
    }
    if (targets.stream().anyMatch(t -> eni.id().equals(t.networkInterfaceId()))) {
      throw LocalEc2Exception.invalidParameter("The network interface '" + eni.id()
          + "' is in use as a traffic mirror target and cannot be a traffic mirror source.");
    }
    if (attachedTo.isPresent() && !knobs.supportsMirroring(attachedTo.get().instanceType())) {
      throw LocalEc2Exception.client("NetworkInterfaceNotSupported",
          "The network interface '" + eni.id() + "' is attached to an instance of type '"
              + attachedTo.get().instanceType() + "', which does not support traffic mirroring.");
    }
  }
}
