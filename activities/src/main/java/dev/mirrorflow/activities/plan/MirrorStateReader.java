package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.eni.ClassifiedEni;
import dev.mirrorflow.activities.eni.EniEligibility;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads what the planner needs about a VPC (or some of its subnets) in a few describe pages: its
 * ENIs, their instances (type and tags), and every session on its ENIs of type {@code interface}
 * that no AWS service manages (no other ENI can carry a session, so no other is asked about).
 */
public final class MirrorStateReader {
  private final Ec2Mirroring ec2;

  public MirrorStateReader(Ec2Mirroring ec2) {
    this.ec2 = ec2;
  }

  /** What the planner needs. */
  public record Snapshot(List<ClassifiedEni> enis, List<MirrorSession> sessions) {}

  /**
   * For remove-vpc's purge: the ENIs (unclassified: eligibility does not matter when nothing is
   * wanted; each counts as eligible) and every session on the ENIs that can carry one.
   */
  public Snapshot readForPurge(String vpcId, Collection<String> subnetIds) {
    List<NetworkInterface> enis = ec2.networkInterfaces(vpcId, subnetIds);
    List<String> sources = enis.stream()
        .filter(e -> NetworkInterface.TYPE_INTERFACE.equals(e.interfaceType()) && !e.requesterManaged())
        .map(NetworkInterface::eniId).toList();
    List<ClassifiedEni> listed = enis.stream()
        .map(e -> ClassifiedEni.eligible(e.eniId(), e.subnetId(), null)).toList();
    return new Snapshot(listed, ec2.sessionsOn(sources));
  }

  public Snapshot read(String vpcId, Collection<String> subnetIds, VpcMirroringConfig config) {
    List<NetworkInterface> enis = ec2.networkInterfaces(vpcId, subnetIds);
    List<NetworkInterface> sources = enis.stream()
        .filter(e -> NetworkInterface.TYPE_INTERFACE.equals(e.interfaceType()) && !e.requesterManaged())
        .toList();
    Set<String> instanceIds = sources.stream()
        .flatMap(e -> e.attachedInstance().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    Map<String, Instance> instances = instanceIds.isEmpty() ? Map.of() : ec2.instances(vpcId, instanceIds);
    EniEligibility eligibility = new EniEligibility(config);
    List<ClassifiedEni> classified = enis.stream().map(e -> eligibility.classify(e, instances)).toList();
    List<MirrorSession> sessions = ec2.sessionsOn(sources.stream().map(NetworkInterface::eniId).toList());
    return new Snapshot(classified, sessions);
  }
}
