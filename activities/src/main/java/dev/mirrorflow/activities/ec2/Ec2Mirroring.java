package dev.mirrorflow.activities.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Everything Mirrorflow asks of EC2. Listings read every page. Calls that EC2 cannot answer right
 * now throw {@link TransientEc2Exception}; requests it refuses for good throw {@link
 * Ec2RejectedException}, except the refusals of {@link #createSession}, which are outcomes.
 */
public interface Ec2Mirroring {

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
   * @return created, or refused with EC2's error code: every refusal that is not transient is this
   *     ENI's outcome, so that one refusal never stops the rest of a subnet
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

  /** Every traffic mirror target the account can see (a few; the planner needs their ENIs and types). */
  List<MirrorTarget> targets();

  /**
   * The account's ENIs, in any VPC, that carry any of the tag keys {@code tagKeys} (refusals remembered
   * in tags, see {@code eni.RefusalMemory}).
   */
  List<NetworkInterface> networkInterfacesTagged(Collection<String> tagKeys);

  /** Tags the ENIs with {@code key = value} in one call; ENIs that are gone are nothing to remember. */
  void tagNetworkInterfaces(Collection<String> eniIds, String key, String value);
}
