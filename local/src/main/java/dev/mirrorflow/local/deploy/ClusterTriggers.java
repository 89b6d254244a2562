package dev.mirrorflow.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.cluster.ScanRequestRule;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The cluster-level triggers the CDK app deploys with the stack, put on the local cloud through its
 * own APIs: the cluster's event bus, its EventBridge Scheduler schedule group (where add-vpc puts one
 * schedule per VPC), and the one scan-request rule on the bus that starts scan-vpc for the VPC a
 * request names. Putting them again changes nothing.
 */
public final class ClusterTriggers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsDispatcher dispatcher;
  private final LocalDeployer deployer;

  public ClusterTriggers(AwsDispatcher dispatcher, LocalDeployer deployer) {
    this.dispatcher = dispatcher;
    this.deployer = deployer;
  }

  /** The bus and the schedule group, before the workflows that use them. */
  public void putBusAndScheduleGroup(String cluster) {
    String bus = ClusterNames.bus(cluster);
    LocalResponse created = dispatcher.dispatch(LocalRequest.awsJson(
        "AWSEvents.CreateEventBus", JSON.createObjectNode().put("Name", bus).toString()));
    if (created.status() != 200 && !created.bodyAsString().contains("ResourceAlreadyExistsException")) {
      throw new DeploymentException("cannot create the cluster bus " + bus + ": " + created.bodyAsString());
    }
    String group = ClusterNames.scheduleGroup(cluster);
    LocalResponse grouped = dispatcher.dispatch(new LocalRequest("POST", "/schedule-groups/" + group, "",
        Map.of("content-type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8)));
    if (grouped.status() != 200 && !"ConflictException".equals(grouped.headers().get("x-amzn-ErrorType"))) {
      throw new DeploymentException("cannot create the schedule group " + group + ": " + grouped.bodyAsString());
    }
  }

  /** The scan-request rule: "Scan Requested" events on the cluster bus start scan-vpc of {@code detail.vpcId}. */
  public void putScanRequestRule(String cluster, Deployment deployment) {
    String scanVpc = deployment.stateMachineArns().get("scan-vpc");
    if (scanVpc == null) {
      return;
    }
    String bus = ClusterNames.bus(cluster);
    String rule = ClusterNames.scanRequestRule(cluster);
    ObjectNode putRule = JSON.createObjectNode().put("Name", rule).put("EventBusName", bus)
        .put("EventPattern", ScanRequestRule.PATTERN).put("State", "ENABLED")
        .put("Description", "Mirrorflow cluster " + cluster + ": scan requests, routed by detail.vpcId");
    ObjectNode putTargets = JSON.createObjectNode().put("Rule", rule).put("EventBusName", bus);
    ObjectNode target = putTargets.putArray("Targets").addObject()
        .put("Id", "scan-vpc").put("Arn", scanVpc).put("RoleArn", deployer.eventsRoleArn(cluster));
    ObjectNode transformer = target.putObject("InputTransformer");
    ObjectNode paths = transformer.putObject("InputPathsMap");
    ScanRequestRule.INPUT_PATHS.forEach(paths::put);
    transformer.put("InputTemplate", ScanRequestRule.inputTemplate(cluster));
    // As the CDK app: retries through throttling, then the dead-letter queue.
    target.putObject("RetryPolicy").put("MaximumRetryAttempts", 3).put("MaximumEventAgeInSeconds", 300);
    target.putObject("DeadLetterConfig").put("Arn", deployer.deadLetterQueueArn(cluster));
    LocalResponse ruleAnswer = dispatcher.dispatch(LocalRequest.awsJson("AWSEvents.PutRule", putRule.toString()));
    LocalResponse targetAnswer = dispatcher.dispatch(LocalRequest.awsJson("AWSEvents.PutTargets", putTargets.toString()));
    if (ruleAnswer.status() != 200 || targetAnswer.status() != 200 || failed(targetAnswer)) {
      throw new DeploymentException("cannot put the scan-request rule " + rule + ": "
          + ruleAnswer.bodyAsString() + " " + targetAnswer.bodyAsString());
    }
  }

  private static boolean failed(LocalResponse answer) {
    try {
      JsonNode body = JSON.readTree(answer.body());
      return body.path("FailedEntryCount").asInt() != 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
