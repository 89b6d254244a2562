package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.route.Ec2Locator;
import dev.mirrorflow.activities.route.EventRouter;
import dev.mirrorflow.activities.route.RouteDecision;
import dev.mirrorflow.activities.route.RouteEventRequest;
import dev.mirrorflow.activities.route.SdkEc2Locator;

/** Step RouteEvent: {@link RouteEventRequest} to {@link RouteDecision} (see {@link EventRouter}). */
public final class RouteEventHandler extends StepHandler<RouteEventRequest, RouteDecision> {

  /** On Lambda: real clients from the process environment, built once per container. */
  public RouteEventHandler() {
    this(Environment.fromSystem());
  }

  /** In the local cloud: real clients pointed at {@code env}. */
  public RouteEventHandler(Environment env) {
    this(new SdkEc2Locator(AwsClients.ec2(env)), Clients.registry(env));
  }

  RouteEventHandler(Ec2Locator ec2, VpcRegistry registrations) {
    super(RouteEventRequest.class, new EventRouter(ec2, registrations)::route);
  }
}
