package dev.mirrorflow.activities.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Reads a VPC's config from its registration: the constant Input of target {@code reconcile} of the
 * rule {@code mirrorflow-<cluster>-<vpcId>-schedule} on the default event bus (one
 * ListTargetsByRule call). The VPC is active while that rule is ENABLED (one DescribeRule call).
 */
public final class EventBridgeVpcRegistry implements VpcRegistry {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final EventBridgeClient events;

  public EventBridgeVpcRegistry(EventBridgeClient events) {
    this.events = events;
  }

  @Override
  public Optional<VpcMirroringConfig> find(String cluster, String vpcId) {
    String rule = VpcRegistration.scheduleRuleName(cluster, vpcId);
    String nextToken = null;
    do {
      ListTargetsByRuleResponse page;
      try {
        page = events.listTargetsByRule(
            ListTargetsByRuleRequest.builder().rule(rule).nextToken(nextToken).build());
      } catch (ResourceNotFoundException e) {
        return Optional.empty();
      } catch (EventBridgeException e) {
        if (isTransient(e)) {
          throw new TransientRegistryException(
              "EventBridge ListTargetsByRule(" + rule + ") failed transiently: " + e.getMessage(), e);
        }
        throw e;
      } catch (SdkClientException e) {
        throw new TransientRegistryException(
            "EventBridge ListTargetsByRule(" + rule + ") failed to reach the service: " + e.getMessage(), e);
      }
      for (Target target : page.targets()) {
        if (VpcRegistration.TARGET_ID.equals(target.id())) {
          return Optional.of(parse(cluster, vpcId, rule, target.input()));
        }
      }
      nextToken = page.nextToken();
    } while (nextToken != null && !nextToken.isEmpty());
    return Optional.empty();
  }

  @Override
  public boolean isActive(String cluster, String vpcId) {
    String rule = VpcRegistration.scheduleRuleName(cluster, vpcId);
    DescribeRuleResponse described;
    try {
      described = events.describeRule(b -> b.name(rule));
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (EventBridgeException e) {
      if (isTransient(e)) {
        throw new TransientRegistryException(
            "EventBridge DescribeRule(" + rule + ") failed transiently: " + e.getMessage(), e);
      }
      throw e;
    } catch (SdkClientException e) {
      throw new TransientRegistryException(
          "EventBridge DescribeRule(" + rule + ") failed to reach the service: " + e.getMessage(), e);
    }
    return described.state() == RuleState.ENABLED;
  }

  private static VpcMirroringConfig parse(String cluster, String vpcId, String rule, String input) {
    if (input == null || input.isBlank()) {
      throw new InvalidVpcConfigException(
          "target 'reconcile' of rule " + rule + " has no constant Input; re-run add-vpc for " + vpcId);
    }
    VpcRegistration registration;
    try {
      registration = JSON.readValue(input, VpcRegistration.class);
    } catch (InvalidVpcConfigException e) {
      throw e;
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof InvalidVpcConfigException invalid) {
        throw invalid;
      }
      throw new InvalidVpcConfigException(
          "the Input of target 'reconcile' of rule " + rule + " is not a registration: " + e.getOriginalMessage());
    }
    if (!cluster.equals(registration.cluster()) || !vpcId.equals(registration.vpcId())
        || registration.config() == null) {
      throw new InvalidVpcConfigException("the Input of target 'reconcile' of rule " + rule
          + " must name cluster " + cluster + ", VPC " + vpcId + " and a config; re-run add-vpc");
    }
    return registration.config();
  }

  private static boolean isTransient(EventBridgeException e) {
    if (e.isThrottlingException() || e.statusCode() >= 500) {
      return true;
    }
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return "ThrottlingException".equals(code) || "InternalException".equals(code);
  }
}
