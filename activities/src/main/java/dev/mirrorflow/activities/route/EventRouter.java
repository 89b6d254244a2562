package dev.mirrorflow.activities.route;

import dev.mirrorflow.activities.ec2.Ec2Locator;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.registry.RegistrationState;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The RouteEvent step: from an EC2 instance or ECS task state-change event, or an EC2 API call
 * CloudTrail delivered, to the VPC and subnets involved (one EC2 describe), and whether that VPC is
 * registered and active with the cluster (one lookup of that VPC's registration alone). An API call
 * Mirrorflow made itself is ignored; one that names no instance or subnet (a session deleted by
 * hand names only the session) reconciles every registered VPC of the cluster.
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
  private final RegisteredVpcs registered;

  public EventRouter(Ec2Locator ec2, VpcRegistry registrations) {
    this(ec2, registrations, new Coalescing(java.time.Clock.systemUTC(), Coalescing.DEFAULT_WINDOW));
  }

  public EventRouter(Ec2Locator ec2, VpcRegistry registrations, Coalescing coalescing) {
    this(Ec2Accounts.single(ec2), registrations, coalescing, null);
  }

  /** A router that finds each event's instance or subnets in the event's {@code account} (a member's forwarded events). */
  public EventRouter(Ec2Accounts<Ec2Locator> locators, VpcRegistry registrations, Coalescing coalescing) {
    this(locators, registrations, coalescing, null);
  }

  public EventRouter(Ec2Locator ec2, VpcRegistry registrations, Coalescing coalescing, RegisteredVpcs registered) {
    this(Ec2Accounts.single(ec2), registrations, coalescing, registered);
  }

  /**
   * @param registered every VPC of the cluster, for API calls that name nothing locatable; null:
   *     such calls are ignored ({@code notLocatable}) and left to the scan
   */
  public EventRouter(Ec2Accounts<Ec2Locator> locators, VpcRegistry registrations, Coalescing coalescing,
      RegisteredVpcs registered) {
    this.locators = locators;
    this.registrations = registrations;
    this.coalescing = coalescing;
    this.registered = registered;
  }

  /**
   * @throws MalformedEventException when the event is not a state change the router understands
   * @throws InstanceNotVisibleException when EC2 does not describe yet an instance the event says exists
   */
  public RouteDecision route(RouteEventRequest request) {
    StateChange change = StateChange.parse(request.event());
    String cluster = request.cluster();
    Ec2Locator ec2 = locators.in(request.event().path("account").asText(null));
    Optional<Ec2Locator.Placement> placement;
    if (change instanceof StateChange.InstanceChange instance) {
      placement = LAUNCHING.contains(instance.state())
          ? ec2.launchedInstance(instance.instanceId(), eventTime(request))
          : ec2.leavingInstance(instance.instanceId());
      if (placement.isEmpty() && EXISTS.contains(instance.state())) {
        // Just launched (or started), and not described yet: asking again beats dropping the event.
        throw new InstanceNotVisibleException(instance.instanceId(), instance.state());
      }
      if (placement.isEmpty() || placement.get().subnetIds().isEmpty()) {
        return RouteDecision.ignore("instanceNotFound", change, cluster, null);
      }
    } else if (change instanceof StateChange.TaskChange task) {
      if (task.subnetIds().isEmpty()) {
        return RouteDecision.ignore("noNetworkAttachment", change, cluster, null);
      }
      placement = subnets(ec2, task.subnetIds());
      if (placement.isEmpty()) {
        return RouteDecision.ignore("subnetNotFound", change, cluster, null);
      }
    } else {
      StateChange.ApiCall call = (StateChange.ApiCall) change;
      if (byMirrorflow(call)) {
        // The rule's pattern already leaves out Mirrorflow's roles; this guard holds if a pattern
        // (or a forwarding member rule) does not: our own calls must never start a reconcile.
        return RouteDecision.ignore("ownCall", change, cluster, null);
      }
      if (call.failed()) {
        return RouteDecision.ignore("callFailed", change, cluster, null);
      }
      if (!ROUTED_CALLS.contains(call.eventName())) {
        return RouteDecision.ignore("callNotRouted", change, cluster, null);
      }
      if (!call.subnetIds().isEmpty()) {
        placement = subnets(ec2, call.subnetIds());
        if (placement.isEmpty()) {
          return RouteDecision.ignore("subnetNotFound", change, cluster, null);
        }
      } else if (!call.instanceIds().isEmpty()) {
        placement = ec2.instance(call.instanceIds().get(0));
        if (placement.isEmpty() || placement.get().subnetIds().isEmpty()) {
          return RouteDecision.ignore("instanceNotFound", change, cluster, null);
        }
      } else {
        return everyVpc(call, cluster);
      }
    }
    String vpcId = placement.get().vpcId();
    List<String> subnets = List.copyOf(new TreeSet<>(placement.get().subnetIds()));
    Ids.vpc(vpcId);
    subnets.forEach(Ids::subnet);
    RegistrationState state = registrations.state(cluster, vpcId);
    if (state != RegistrationState.ACTIVE) {
      return RouteDecision.ignore(state.code(), change, cluster, vpcId);
    }
    return RouteDecision.reconcile(change, cluster, vpcId, subnets, coalescing.now());
  }

  /**
   * Whether Mirrorflow made the call: signed by one of its roles ({@code mirrorflow-...}, in the hub
   * or a member account), or carrying its ownership tag (a session it created).
   */
  static boolean byMirrorflow(StateChange.ApiCall call) {
    return OWN_ROLE.matcher(call.principalArn()).lookingAt() || call.ownershipTagged();
  }

  /** States of an instance just launched or started, whose launch time is the event's minute or the one before. */
  static final Set<String> LAUNCHING = Set.of("pending", "running");

  /** The event's time, or now when it carries none. */
  private Instant eventTime(RouteEventRequest request) {
    try {
      return Instant.parse(request.event().path("time").asText(""));
    } catch (DateTimeParseException e) {
      return coalescing.instant();
    }
  }

  /** The EC2 API calls the state-change pattern asks for; any other a forwarding rule lets through changes nothing. */
  static final Set<String> ROUTED_CALLS = Set.of("AttachNetworkInterface", "DetachNetworkInterface",
      "CreateNetworkInterface", "ModifyInstanceAttribute", "DeleteTrafficMirrorSession");

  /** Assumed-role sessions of Mirrorflow's roles, all named {@code mirrorflow-<cluster>-...} (ClusterNames). */
  static final Pattern OWN_ROLE = Pattern.compile("arn:[a-z-]+:sts::[0-9]*:assumed-role/mirrorflow-");

  /** The subnets' VPC (the first named) and those of them in it; empty when none exists. */
  private static Optional<Ec2Locator.Placement> subnets(Ec2Locator ec2, List<String> subnetIds) {
    Map<String, String> vpcs = ec2.vpcsOfSubnets(subnetIds);
    if (vpcs.isEmpty()) {
      return Optional.empty();
    }
    // A task's ENIs are all in one VPC (awsvpc networking takes subnets of one VPC).
    String vpcId = vpcs.values().iterator().next();
    List<String> inVpc = new ArrayList<>();
    for (String subnet : new TreeSet<>(vpcs.keySet())) {
      if (vpcId.equals(vpcs.get(subnet))) {
        inVpc.add(subnet);
      }
    }
    return Optional.of(new Ec2Locator.Placement(vpcId, Set.copyOf(inVpc)));
  }

  private RouteDecision everyVpc(StateChange.ApiCall call, String cluster) {
    if (registered == null) {
      return RouteDecision.ignore("notLocatable", call, cluster, null);
    }
    List<String> vpcIds = List.copyOf(new TreeSet<>(registered.vpcIds(cluster)));
    if (vpcIds.isEmpty()) {
      return RouteDecision.ignore(RegistrationState.NOT_REGISTERED.code(), call, cluster, null);
    }
    vpcIds.forEach(Ids::vpc);
    return RouteDecision.reconcileEach(call, cluster, vpcIds, coalescing.now());
  }
}
