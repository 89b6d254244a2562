package dev.mirrorflow.local.deploy;

import java.util.Map;

/**
 * What {@link LocalDeployer} deployed for one cluster.
 *
 * @param cluster the capture cluster's name
 * @param stateMachineArns state machine ARNs by file stem, e.g. {@code reconcile-vpc}
 * @param functionArns Lambda function ARNs by step, e.g. {@code PlanVpc}
 * @param functionNames Lambda function names by step, e.g. {@code PlanVpc -> mirrorflow-demo-PlanVpc}
 */
public record Deployment(
    String cluster,
    Map<String, String> stateMachineArns,
    Map<String, String> functionArns,
    Map<String, String> functionNames) {

  public Deployment {
    stateMachineArns = Map.copyOf(stateMachineArns);
    functionArns = Map.copyOf(functionArns);
    functionNames = Map.copyOf(functionNames);
  }

  /** The ARN of the state machine from {@code <stem>.asl.json}. */
  public String stateMachineArn(String stem) {
    String arn = stateMachineArns.get(stem);
    if (arn == null) {
      throw new IllegalArgumentException(
          "no state machine '" + stem + "' was deployed; deployed: " + stateMachineArns.keySet());
    }
    return arn;
  }
}
