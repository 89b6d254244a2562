package dev.mirrorflow.infra;

import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;

/**
 * The ARNs of one cluster's resources in its stack's account and region, built from their names
 * rather than by reference, so that the rooms may name each other's resources without a dependency cycle.
 */
record ClusterArns(Stack stack, String cluster) {

  /** Every workflow's state machine. */
  List<String> stateMachines(WorkflowDefinitions workflows) {
    return workflows.workflows().stream().map(w -> stateMachine(w.name())).toList();
  }

  /** The state machine of one workflow. */
  String stateMachine(String workflow) {
    return of("states", "stateMachine", Names.stateMachine(cluster, workflow));
  }

  /** The rules the cluster owns: {@code mirrorflow-<cluster>-*} on the default bus and on its own bus. */
  List<String> ownedRules() {
    return List.of(
        of("events", "rule", Names.rulePrefix(cluster) + "*"),
        of("events", "rule", Names.cluster(cluster) + "/" + Names.rulePrefix(cluster) + "*"));
  }

  /** An EC2 resource ARN ({@code traffic-mirror-session/*}). */
  String ec2(String resource, String name) {
    return of("ec2", resource, name);
  }

  /** A resource ARN of {@code service}; Step Functions separates the name with a colon, the others with a slash. */
  String of(String service, String resource, String name) {
    return stack.formatArn(
        ArnComponents.builder()
            .service(service)
            .resource(resource)
            .resourceName(name)
            .arnFormat(service.equals("states") ? ArnFormat.COLON_RESOURCE_NAME : ArnFormat.SLASH_RESOURCE_NAME)
            .build());
  }
}
