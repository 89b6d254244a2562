package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.ec2.MirrorTarget;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.eni.ClassifiedEni;
import dev.mirrorflow.activities.eni.EniEligibility;
import dev.mirrorflow.activities.eni.RefusalMemory;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads what the planner needs about a VPC (or some of its subnets) in a few describe pages: its
 * ENIs, their instances (type and tags), every session on its ENIs of type {@code interface} (no
 * other ENI can carry a session, so no other is asked about), the account's traffic mirror targets
 * (their ENIs cannot be sources; the configured target's type sets the packet length EC2 reads back),
 * and the refusals remembered in ENI tags: those of the scope's ENIs, and, when {@code accountWide},
 * those of every ENI of the account (one more describe call; the subnet planner, which creates, pays
 * it; the VPC planner, which runs every minute, does not, and at worst names a subnet whose plan then
 * finds nothing to do).
 */
public final class MirrorStateReader {
  private final Ec2Mirroring ec2;
  private final Clock clock;
  private final boolean accountWide;

  /** Remembered refusals of the scope's ENIs only. */
  public MirrorStateReader(Ec2Mirroring ec2) {
    this(ec2, Clock.systemUTC(), false);
  }

  public MirrorStateReader(Ec2Mirroring ec2, Clock clock, boolean accountWide) {
    this.ec2 = ec2;
    this.clock = clock;
    this.accountWide = accountWide;
  }

  /**
   * What the planner needs.
   *
   * @param readBackPacketLength the packet length a session made with the config reads back: the
   *     configured one, or AWS's default for the target's type (8500 for a Network Load Balancer)
   */
  public record Snapshot(List<ClassifiedEni> enis, List<MirrorSession> sessions, Integer readBackPacketLength) {
    public Snapshot(List<ClassifiedEni> enis, List<MirrorSession> sessions) {
      this(enis, sessions, null);
    }
  }

  /**
   * For remove-vpc's purge: the ENIs (unclassified: eligibility does not matter when nothing is
   * wanted; each counts as eligible) and every session on the ENIs that can carry one.
   */
  public Snapshot readForPurge(String vpcId, Collection<String> subnetIds) {
    List<NetworkInterface> enis = ec2.networkInterfaces(vpcId, subnetIds);
    List<String> sources = enis.stream()
        .filter(e -> NetworkInterface.TYPE_INTERFACE.equals(e.interfaceType()))
        .map(NetworkInterface::eniId).toList();
    List<ClassifiedEni> listed = enis.stream()
        .map(e -> ClassifiedEni.eligible(e.eniId(), e.subnetId(), null)).toList();
    return new Snapshot(listed, ec2.sessionsOn(sources));
  }

  public Snapshot read(String vpcId, Collection<String> subnetIds, VpcMirroringConfig config) {
    List<NetworkInterface> enis = ec2.networkInterfaces(vpcId, subnetIds);
    // Requester-managed ENIs too: a session on an RDS ENI must go when the config stops asking for them.
    List<NetworkInterface> sources = enis.stream()
        .filter(e -> NetworkInterface.TYPE_INTERFACE.equals(e.interfaceType()))
        .toList();
    Set<String> instanceIds = sources.stream()
        .filter(e -> !e.requesterManaged())
        .flatMap(e -> e.attachedInstance().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    Map<String, Instance> instances = instanceIds.isEmpty() ? Map.of() : ec2.instances(vpcId, instanceIds);
    List<MirrorTarget> targets = ec2.targets();
    Set<String> targetEnis = MirrorTarget.eniIds(targets);
    Integer readBack = MirrorTarget.readBackPacketLength(targets, config.targetId(), config.packetLength());
    List<NetworkInterface> remembering = new ArrayList<>(enis);
    if (accountWide) {
      remembering.addAll(ec2.networkInterfacesTagged(List.of(MirrorTags.MIRRORING_UNSUPPORTED)));
    }
    RefusalMemory memory = RefusalMemory.of(clock.instant(), remembering);
    EniEligibility eligibility = new EniEligibility(config, targetEnis, memory);
    List<ClassifiedEni> classified = enis.stream().map(e -> eligibility.classify(e, instances)).toList();
    List<MirrorSession> sessions = ec2.sessionsOn(sources.stream().map(NetworkInterface::eniId).toList());
    return new Snapshot(classified, sessions, readBack);
  }
}
