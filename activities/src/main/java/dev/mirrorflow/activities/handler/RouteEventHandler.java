package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.route.CachingEc2Locator;
import dev.mirrorflow.activities.route.CachingRegistry;
import dev.mirrorflow.activities.route.Coalescing;
import dev.mirrorflow.activities.ec2.Ec2Locator;
import dev.mirrorflow.activities.route.EventRouter;
import dev.mirrorflow.activities.route.RegisteredVpcs;
import dev.mirrorflow.activities.route.RouteDecision;
import dev.mirrorflow.activities.route.RouteEventRequest;
import java.time.Clock;

/** Step RouteEvent: {@link RouteEventRequest} to {@link RouteDecision} (see {@link EventRouter}). */
public final class RouteEventHandler extends StepHandler<RouteEventRequest, RouteDecision> {

  /** On Lambda: real clients from the process environment, built once per container. */
  public RouteEventHandler() {
    this(Environment.fromSystem());
  }

  /** In the local cloud: real clients pointed at {@code env}. */
  public RouteEventHandler(Environment env) {
    this(env, Clock.systemUTC());
  }

  /**
   * Real clients pointed at {@code env}, on {@code clock}: a warm function remembers active VPCs and
   * instance placements for a few seconds, and names reconciles by coalescing window.
   */
  public RouteEventHandler(Environment env, Clock clock) {
    this(locators(env, clock), Clients.schedulerRegistry(env), clock);
  }

  private RouteEventHandler(Ec2Accounts<Ec2Locator> locators, SchedulerVpcRegistry registry, Clock clock) {
    this(locators, new CachingRegistry(registry, clock, CachingRegistry.DEFAULT_TTL),
        new Coalescing(clock, Coalescing.DEFAULT_WINDOW), registry);
  }

  /**
   * The hub's locator, and each member account's through its member role. A cluster deployed without
   * member accounts does not name its hub account: every event is then its own account's.
   */
  private static Ec2Accounts<Ec2Locator> locators(Environment env, Clock clock) {
    Ec2Locator hub = new CachingEc2Locator(Clients.ec2(env, clock), clock, CachingEc2Locator.DEFAULT_TTL);
    String hubAccount = env.variable(AwsClients.HUB_ACCOUNT_VARIABLE, null);
    if (hubAccount == null) {
      return Ec2Accounts.single(hub);
    }
    return Ec2Accounts.of(hub, hubAccount, account -> new CachingEc2Locator(
        Clients.ec2(env, account, clock), clock, CachingEc2Locator.DEFAULT_TTL));
  }

  RouteEventHandler(Ec2Accounts<Ec2Locator> ec2, VpcRegistry registrations, Coalescing coalescing) {
    this(ec2, registrations, coalescing, null);
  }

  RouteEventHandler(Ec2Accounts<Ec2Locator> ec2, VpcRegistry registrations, Coalescing coalescing,
      RegisteredVpcs registered) {
    super(RouteEventRequest.class, new EventRouter(ec2, registrations, coalescing, registered)::route);
  }

  RouteEventHandler(Ec2Locator ec2, VpcRegistry registrations) {
    this(ec2, registrations, new Coalescing(Clock.systemUTC(), Coalescing.DEFAULT_WINDOW));
  }

  RouteEventHandler(Ec2Locator ec2, VpcRegistry registrations, Coalescing coalescing) {
    this(ec2, registrations, coalescing, null);
  }

  RouteEventHandler(Ec2Locator ec2, VpcRegistry registrations, Coalescing coalescing, RegisteredVpcs registered) {
    this(Ec2Accounts.single(ec2), registrations, coalescing, registered);
  }
}
