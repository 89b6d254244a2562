package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Reads which VPCs are registered with the cluster: a VPC is registered while its schedule rule
 * {@code mirrorflow-<cluster>-<vpcId>-schedule} exists on the default bus; the rule's target input
 * holds the VPC's mirroring configuration.
 */
final class Registry {
  private static final String SCHEDULE_SUFFIX = "-schedule";

  private final Cloud cloud;

  Registry(Cloud cloud) {
    this.cloud = cloud;
  }

  String prefix() {
    return "mirrorflow-" + cloud.cluster() + "-";
  }

  String scheduleRule(String vpcId) {
    return prefix() + vpcId + SCHEDULE_SUFFIX;
  }

  /** The VPC's registration (its schedule target's input), if it is registered. */
  Optional<JsonNode> find(String vpcId) {
    try {
      cloud.call(() -> cloud.events().describeRule(b -> b.name(scheduleRule(vpcId))));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
    List<Target> targets =
        cloud.call(() -> cloud.events().listTargetsByRule(b -> b.rule(scheduleRule(vpcId)))).targets();
    return targets.stream()
        .filter(t -> t.input() != null)
        .findFirst()
        .map(t -> WorkflowCommand.parse(t.input()));
  }

  /** The ids of every VPC registered with the cluster. */
  List<String> vpcIds() {
    List<String> ids = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListRulesResponse page =
          cloud.call(() -> cloud.events().listRules(b -> b.namePrefix(prefix()).nextToken(next)));
      for (Rule rule : page.rules()) {
        String name = rule.name();
        if (name.endsWith(SCHEDULE_SUFFIX)) {
          ids.add(name.substring(prefix().length(), name.length() - SCHEDULE_SUFFIX.length()));
        }
      }
      token = page.nextToken();
    } while (token != null);
    return ids;
  }

  void requireRegistered(String vpcId) {
    if (find(vpcId).isEmpty()) {
      throw new BadInputException(
          vpcId + " is not registered with cluster '" + cloud.cluster() + "': run `mirrorflow add-vpc "
              + vpcId + "` first (or check --cluster)");
    }
  }
}
