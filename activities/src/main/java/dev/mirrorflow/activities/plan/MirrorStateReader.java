package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.eni.ClassifiedEni;
import dev.mirrorflow.activities.eni.EniEligibility;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads what the planner needs about a VPC (or some of its subnets) in a few describe pages: its
 * ENIs, their instances' types, the cluster's owned sessions (by tag), and the sessions on the
 * eligible ENIs that are not already mirrored exactly as configured (only those can need a free
 * session number or a slot, so a VPC with nothing to do reads no per-ENI sessions at all).
 */
public final class MirrorStateReader {
  private final Ec2Mirroring ec2;

  public MirrorStateReader(Ec2Mirroring ec2) {
    this.ec2 = ec2;
  }

  /** What the planner needs. */
  public record Snapshot(List<ClassifiedEni> enis, List<MirrorSession> sessions) {}

  public Snapshot read(String cluster, String vpcId, Collection<String> subnetIds, VpcMirroringConfig config) {
    List<NetworkInterface> enis = ec2.networkInterfaces(vpcId, subnetIds);
    Set<String> instanceIds = enis.stream()
        .filter(e -> NetworkInterface.TYPE_INTERFACE.equals(e.interfaceType()) && !e.requesterManaged())
        .flatMap(e -> e.attachedInstance().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    var instances = instanceIds.isEmpty() ? Map.<String, dev.mirrorflow.activities.ec2.Instance>of()
        : ec2.instances(vpcId, instanceIds);
    EniEligibility eligibility = new EniEligibility(config);
    List<ClassifiedEni> classified = enis.stream().map(e -> eligibility.classify(e, instances)).toList();

    List<MirrorSession> owned = ec2.ownedSessions(cluster, vpcId, subnetIds);
    Map<String, List<MirrorSession>> ownedByEni =
        owned.stream().collect(Collectors.groupingBy(MirrorSession::eniId));
    List<String> unsettled = classified.stream()
        .filter(ClassifiedEni::isEligible)
        .map(ClassifiedEni::eniId)
        .filter(eni -> !settled(config, ownedByEni.getOrDefault(eni, List.of())))
        .toList();
    List<MirrorSession> sessions = new ArrayList<>(owned);
    sessions.addAll(ec2.sessionsOn(unsettled));
    return new Snapshot(classified, sessions);
  }

  /** Exactly one owned session, as configured, with the configured number: nothing else on the ENI matters. */
  private static boolean settled(VpcMirroringConfig config, List<MirrorSession> owned) {
    return owned.size() == 1
        && owned.get(0).sessionNumber() == config.sessionNumber()
        && SessionPlanner.matches(config, owned.get(0), false);
  }
}
