package dev.mirrorflow.activities.plan;

import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.guard.MirrorResourceNotAllowedException;
import dev.mirrorflow.activities.guard.RegistrationNotConfirmedException;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.plan.PlanVpcResult.PlanTotals;
import dev.mirrorflow.activities.plan.PlanVpcResult.SubnetWork;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcNotRegisteredException;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PlanVpc step: loads the VPC's config, reads the VPC in a few describe pages, plans it, and
 * says which subnets have work. The subnets are planned again, fresh, by {@link SubnetPlanner}.
 *
 * <p>A VPC is planned only while it is active (its schedule rule ENABLED): once remove-vpc has
 * closed that gate, a reconcile racing the removal ends here, before it can create anything. In
 * purge mode (remove-vpc) the registration only names the VPC's account, and every owned session is to be deleted.
 */
public final class VpcPlanner {
  private final VpcRegistry registry;
  private final java.util.function.Function<String, MirrorStateReader> readers;
  private final EmbeddedMetrics metrics;
  private final AllowedMirrorResources allowed;

  /** A planner that allows any target and filter (tests of the other checks). */
  public VpcPlanner(VpcRegistry registry, MirrorStateReader reader, EmbeddedMetrics metrics) {
    this(registry, reader, metrics, AllowedMirrorResources.any());
  }

  public VpcPlanner(VpcRegistry registry, MirrorStateReader reader, EmbeddedMetrics metrics,
      AllowedMirrorResources allowed) {
    this(registry, account -> reader, metrics, allowed);
  }

  /** A planner reading each VPC in its account: {@code readers} gives the reader of an account (null: the hub's). */
  public VpcPlanner(VpcRegistry registry, java.util.function.Function<String, MirrorStateReader> readers,
      EmbeddedMetrics metrics) {
    this(registry, readers, metrics, AllowedMirrorResources.any());
  }

  public VpcPlanner(VpcRegistry registry, java.util.function.Function<String, MirrorStateReader> readers,
      EmbeddedMetrics metrics, AllowedMirrorResources allowed) {
    this.registry = registry;
    this.readers = readers;
    this.metrics = metrics;
    this.allowed = allowed;
  }

  /**
   * @throws VpcNotRegisteredException when the VPC is not registered with the cluster, or is being
   *     removed (not active), unless this is a purge
   * @throws RegistrationNotConfirmedException when the registration was changed outside add-vpc (not
   *     confirmed by its digest), unless this is a purge: nothing is planned, so nothing is created or deleted
   * @throws MirrorResourceNotAllowedException when the registration's target or filter is not one the
   *     cluster allows, unless this is a purge: nothing is created or deleted
   */
  public PlanVpcResult plan(PlanVpcRequest request) {
    VpcMirroringConfig config = null;
    SessionPlan plan;
    if (request.purge()) {
      // A purge plans no sessions, but its steps must work in the VPC's account, which the config names.
      config = registry.find(request.cluster(), request.vpcId()).orElse(null);
      MirrorStateReader reader = readers.apply(config == null ? null : config.account());
      MirrorStateReader.Snapshot snapshot = reader.readForPurge(request.vpcId(), request.subnetIds());
      plan = new SessionPlanner(request.cluster()).purge(snapshot.enis(), snapshot.sessions());
    } else {
      VpcRegistry.Registered registered = registry.lookup(request.cluster(), request.vpcId())
          .orElseThrow(() -> new VpcNotRegisteredException(request.cluster(), request.vpcId()));
      if (!registered.active()) {
        throw VpcNotRegisteredException.inactive(request.cluster(), request.vpcId());
      }
      if (!registered.confirmed()) {
        throw new RegistrationNotConfirmedException(request.cluster(), request.vpcId());
      }
      config = registered.config();
      // Before any delete: a config pointing elsewhere would have the owned sessions deleted and
      // nothing created in their place.
      allowed.require(request.cluster(), config);
      MirrorStateReader.Snapshot snapshot = readers.apply(config.account()).read(request.vpcId(), request.subnetIds(), config);
      plan = new SessionPlanner(request.cluster())
          .plan(config, snapshot.enis(), snapshot.sessions(), snapshot.readBackPacketLength());
    }

    Map<String, int[]> work = new TreeMap<>();
    plan.creates().forEach(c -> work.computeIfAbsent(c.subnetId(), k -> new int[2])[0]++);
    plan.deletes().stream().filter(d -> d.subnetId() != null)
        .forEach(d -> work.computeIfAbsent(d.subnetId(), k -> new int[2])[1]++);
    List<SubnetWork> subnets = work.entrySet().stream()
        .map(e -> new SubnetWork(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    Map<String, Integer> skipped = new TreeMap<>();
    plan.skipped().forEach(s -> skipped.merge(s.reason().code(), 1, Integer::sum));
    int deletes = subnets.stream().mapToInt(SubnetWork::deletes).sum();

    if (!request.dryRun()) {
      // A dry run is someone asking; only real reconciles feed the dashboard.
      metrics.emit(request.cluster(), request.vpcId(), Map.of(EmbeddedMetrics.ENIS_SKIPPED, plan.skipped().size()));
    }
    return new PlanVpcResult(request.cluster(), request.vpcId(), request.dryRun(), request.purge(), config, !subnets.isEmpty(),
        subnets, new PlanTotals(plan.creates().size(), deletes, plan.keeps().size(), skipped));
  }
}
