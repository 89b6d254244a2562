package dev.mirrorflow.activities.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Everything Mirrorflow asks of EC2. Listings read every page. Calls that EC2 cannot answer right
 * now throw {@link TransientEc2Exception}; requests it refuses for good throw {@link
 * Ec2RejectedException}, except the per-ENI refusals of {@link #createSession}, which are outcomes.
 */
public interface Ec2Mirroring {

  /**
   * Mirrorflow's name for EC2's {@code InvalidParameterValue} on a session number another session of
   * the ENI already has: a per-ENI outcome, since a concurrent run (planned in another minute, so with
   * another client token) may have just made the very session this create asks for.
   */
  String SESSION_NUMBER_IN_USE = "SessionNumberInUse";

  /** Error codes of CreateTrafficMirrorSession that concern one ENI and come back as outcomes. */
  List<String> PER_ENI_CREATE_ERRORS = List.of(
      "NetworkInterfaceNotSupported",
      "InvalidNetworkInterfaceID.NotFound",
      "TrafficMirrorSessionsPerInterfaceLimitExceeded",
      "TrafficMirrorSessionLimitExceeded",
      "TrafficMirrorSourcesPerTargetLimitExceeded");

  /** The ENIs of {@code vpcId}, only those of {@code subnetIds} when it is not empty. */
  List<NetworkInterface> networkInterfaces(String vpcId, Collection<String> subnetIds);

  /**
   * The instances of {@code vpcId} among {@code instanceIds}, keyed by id (all of the VPC's when
   * there are many ids: listing the VPC is fewer pages than asking for each).
   */
  Map<String, Instance> instances(String vpcId, Collection<String> instanceIds);

  /**
   * Every session, owned or foreign, whose source is one of {@code eniIds}. (DescribeTrafficMirrorSessions
   * has no VPC, subnet or tag filter; ownership is read from each session's tags.)
   */
  List<MirrorSession> sessionsOn(Collection<String> eniIds);

  /**
   * Creates a session with its {@link NewSession#clientToken()} and the ownership tags. A retry with
   * the same token returns the session already created.
   *
   * @return created, or refused with one of {@link #PER_ENI_CREATE_ERRORS}
   */
  CreateOutcome createSession(NewSession session);

  /** Deletes a session; a session that does not exist is {@link DeleteOutcome#ALREADY_GONE}. */
  DeleteOutcome deleteSession(String sessionId);

  /** Whether the VPC exists (add-vpc checks it before registering anything). */
  boolean vpcExists(String vpcId);

  /** Whether the traffic mirror target exists. */
  boolean targetExists(String targetId);

  /** Whether the traffic mirror filter exists. */
  boolean filterExists(String filterId);

  /** Remembers on the ENI that EC2 refused to mirror it ({@link MirrorTags#MIRRORING_UNSUPPORTED}). */
  void markMirroringUnsupported(String eniId, String instanceType);
}
