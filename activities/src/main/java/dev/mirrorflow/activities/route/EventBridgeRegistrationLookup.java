package dev.mirrorflow.activities.route;

import dev.mirrorflow.activities.registry.TransientRegistryException;
import dev.mirrorflow.activities.registry.VpcRegistration;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;

/**
 * {@link RegistrationLookup} on EventBridge: DescribeRule of the VPC's schedule rule (exists?
 * enabled?) and, when enabled, ListTargetsByRule for its {@code reconcile} target. Two calls at most.
 */
public final class EventBridgeRegistrationLookup implements RegistrationLookup {
  private final EventBridgeClient events;

  public EventBridgeRegistrationLookup(EventBridgeClient events) {
    this.events = events;
  }

  @Override
  public RegistrationState state(String cluster, String vpcId) {
    String rule = VpcRegistration.scheduleRuleName(cluster, vpcId);
    DescribeRuleResponse described;
    try {
      described = call(rule, "DescribeRule", () -> events.describeRule(b -> b.name(rule)));
    } catch (ResourceNotFoundException e) {
      return RegistrationState.NOT_REGISTERED;
    }
    String nextToken = null;
    do {
      String token = nextToken;
      ListTargetsByRuleResponse page;
      try {
        page = call(rule, "ListTargetsByRule", () -> events.listTargetsByRule(b -> b.rule(rule).nextToken(token)));
      } catch (ResourceNotFoundException e) {
        return RegistrationState.NOT_REGISTERED;
      }
      if (page.targets().stream().anyMatch(t -> VpcRegistration.TARGET_ID.equals(t.id()))) {
        return described.state() == RuleState.ENABLED ? RegistrationState.ACTIVE : RegistrationState.INACTIVE;
      }
      nextToken = page.nextToken();
    } while (nextToken != null && !nextToken.isEmpty());
    return RegistrationState.NOT_REGISTERED;
  }

  private static <T> T call(String rule, String operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (ResourceNotFoundException e) {
      throw e;
    } catch (EventBridgeException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if (e.isThrottlingException() || e.statusCode() >= 500
          || "ThrottlingException".equals(code) || "InternalException".equals(code)) {
        throw new TransientRegistryException(
            "EventBridge " + operation + "(" + rule + ") failed transiently: " + e.getMessage(), e);
      }
      throw e;
    } catch (SdkClientException e) {
      throw new TransientRegistryException(
          "EventBridge " + operation + "(" + rule + ") failed to reach the service: " + e.getMessage(), e);
    }
  }
}
