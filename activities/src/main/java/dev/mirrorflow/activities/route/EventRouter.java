package dev.mirrorflow.activities.route;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.registry.RegistrationState;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The RouteEvent step: from an EC2 instance or ECS task state-change event to the VPC and subnets
 * involved (one EC2 describe), and whether that VPC is registered and active with the cluster (one
 * lookup of that VPC's registration alone, never one per registered VPC).
 *
 * <p>Every state counts, not only "running": a stopped or terminated instance, or a stopped task,
 * may leave sessions to clean up, and the reconcile decides what the subnet needs.
 */
public final class EventRouter {
  /**
   * Instance states in which EC2 still describes the instance: not found in one of these, it is not
   * visible yet (EC2's API is eventually consistent); not found when shutting down or terminated, it
   * is gone and leaves nothing to route.
   */
  static final Set<String> EXISTS = Set.of("pending", "running", "stopping", "stopped");

  private final Ec2Accounts<Ec2Locator> locators;
  private final VpcRegistry registrations;
  private final Coalescing coalescing;

  public EventRouter(Ec2Locator ec2, VpcRegistry registrations) {
    this(ec2, registrations, new Coalescing(java.time.Clock.systemUTC(), Coalescing.DEFAULT_WINDOW));
  }

  public EventRouter(Ec2Locator ec2, VpcRegistry registrations, Coalescing coalescing) {
    this(Ec2Accounts.single(ec2), registrations, coalescing);
  }

  /** A router that finds each event's instance or subnets in the event's {@code account} (a member's forwarded events). */
  public EventRouter(Ec2Accounts<Ec2Locator> locators, VpcRegistry registrations, Coalescing coalescing) {
    this.locators = locators;
    this.registrations = registrations;
    this.coalescing = coalescing;
  }

  /**
   * @throws MalformedEventException when the event is not a state change the router understands
   * @throws InstanceNotVisibleException when EC2 does not describe yet an instance the event says exists
   */
  public RouteDecision route(RouteEventRequest request) {
    StateChange change = StateChange.parse(request.event());
    String cluster = request.cluster();
    Ec2Locator ec2 = locators.in(request.event().path("account").asText(null));
    String vpcId;
    List<String> subnets;
    if (change instanceof StateChange.InstanceChange instance) {
      Optional<Ec2Locator.Placement> placement = ec2.instance(instance.instanceId());
      if (placement.isEmpty() && EXISTS.contains(instance.state())) {
        // Just launched (or started), and not described yet: asking again beats dropping the event.
        throw new InstanceNotVisibleException(instance.instanceId(), instance.state());
      }
      if (placement.isEmpty() || placement.get().subnetIds().isEmpty()) {
        return RouteDecision.ignore("instanceNotFound", change, cluster, null);
      }
      vpcId = placement.get().vpcId();
      subnets = List.copyOf(new TreeSet<>(placement.get().subnetIds()));
    } else {
      StateChange.TaskChange task = (StateChange.TaskChange) change;
      if (task.subnetIds().isEmpty()) {
        return RouteDecision.ignore("noNetworkAttachment", change, cluster, null);
      }
      Map<String, String> vpcs = ec2.vpcsOfSubnets(task.subnetIds());
      if (vpcs.isEmpty()) {
        return RouteDecision.ignore("subnetNotFound", change, cluster, null);
      }
      // A task's ENIs are all in one VPC (awsvpc networking takes subnets of one VPC).
      vpcId = vpcs.values().iterator().next();
      List<String> inVpc = new ArrayList<>();
      for (String subnet : new TreeSet<>(vpcs.keySet())) {
        if (vpcId.equals(vpcs.get(subnet))) {
          inVpc.add(subnet);
        }
      }
      subnets = inVpc;
    }
    Ids.vpc(vpcId);
    subnets.forEach(Ids::subnet);
    RegistrationState state = registrations.state(cluster, vpcId);
    if (state != RegistrationState.ACTIVE) {
      return RouteDecision.ignore(state.code(), change, cluster, vpcId);
    }
    return RouteDecision.reconcile(change, cluster, vpcId, subnets, coalescing.now());
  }
}
