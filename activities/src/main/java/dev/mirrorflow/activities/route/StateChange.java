package dev.mirrorflow.activities.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.input.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A state-change event the event router understands, parsed from the EventBridge event: an EC2
 * instance changing state, an ECS task changing status (whose {@code eni} attachments name the
 * subnets of its network interfaces), or an EC2 API call that CloudTrail delivered (an ENI attached,
 * a session deleted by hand: changes no state-change event announces).
 */
public sealed interface StateChange {
  /** Source and detail-type of EC2's instance state-change events. */
  String EC2_SOURCE = "aws.ec2";
  String EC2_DETAIL_TYPE = "EC2 Instance State-change Notification";
  /** Source and detail-type of ECS's task state-change events. */
  String ECS_SOURCE = "aws.ecs";
  String ECS_DETAIL_TYPE = "ECS Task State Change";
  /** Detail-type of the API calls CloudTrail delivers to EventBridge; EC2's carry source {@value #EC2_SOURCE}. */
  String CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

  /** The EventBridge event id (unique per event; a redelivery keeps it). */
  String eventId();

  /** What the event is about, for the router's output: an instance id or a task ARN. */
  String resource();

  /**
   * An EC2 instance changed state.
   *
   * @param instanceId the instance ({@code detail.instance-id})
   * @param state its new state ({@code detail.state})
   */
  record InstanceChange(String eventId, String instanceId, String state) implements StateChange {
    @Override
    public String resource() {
      return instanceId;
    }
  }

  /**
   * An ECS task changed status.
   *
   * @param taskArn the task ({@code detail.taskArn})
   * @param lastStatus its status ({@code detail.lastStatus}): PROVISIONING, PENDING, RUNNING, STOPPED, ...
   * @param subnetIds subnets of its {@code eni} attachments (empty for tasks without awsvpc networking)
   * @param eniIds its ENIs, where the event names them already
   */
  record TaskChange(String eventId, String taskArn, String lastStatus, List<String> subnetIds, List<String> eniIds)
      implements StateChange {
    public TaskChange {
      subnetIds = List.copyOf(subnetIds);
      eniIds = List.copyOf(eniIds);
    }

    @Override
    public String resource() {
      return taskArn;
    }
  }

  /**
   * An EC2 API call, as CloudTrail delivers it. The ids are gathered from anywhere in its request
   * parameters and response elements (CloudTrail's field names vary between EC2 actions).
   *
   * @param eventName the action ({@code detail.eventName}), e.g. AttachNetworkInterface
   * @param principalArn who made the call ({@code detail.userIdentity.arn}; empty when absent)
   * @param failed whether the call failed ({@code detail.errorCode} present): it changed nothing
   * @param ownershipTagged whether the call carries Mirrorflow's ownership tag {@code mirrorflow:cluster}
   * @param instanceIds instances the call names
   * @param subnetIds subnets the call names
   */
  record ApiCall(String eventId, String eventName, String principalArn, boolean failed, boolean ownershipTagged,
      List<String> instanceIds, List<String> subnetIds) implements StateChange {
    public ApiCall {
      instanceIds = List.copyOf(instanceIds);
      subnetIds = List.copyOf(subnetIds);
    }

    @Override
    public String resource() {
      return !instanceIds.isEmpty() ? instanceIds.get(0) : !subnetIds.isEmpty() ? subnetIds.get(0) : eventName;
    }
  }

  /** EventBridge event ids: UUIDs, or letters, digits and dashes for events put by others. */
  Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
  Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");

  /**
   * Parses an EventBridge event.
   *
   * @throws MalformedEventException when it is not an instance or task state change as AWS shapes them
   */
  static StateChange parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new MalformedEventException("expected the EventBridge event as a JSON object, got "
          + (event == null ? "nothing" : event.getNodeType()));
    }
    String id = text(event, "id");
    if (!EVENT_ID.matcher(id).matches()) {
      throw new MalformedEventException("field 'id' must be an EventBridge event id (letters, digits, dashes), got '" + id + "'");
    }
    String source = text(event, "source");
    String detailType = text(event, "detail-type");
    JsonNode detail = event.get("detail");
    if (detail == null || !detail.isObject()) {
      throw new MalformedEventException("field 'detail' must be an object in event " + id);
    }
    if (EC2_SOURCE.equals(source) && EC2_DETAIL_TYPE.equals(detailType)) {
      String instanceId = text(detail, "instance-id");
      if (!INSTANCE_ID.matcher(instanceId).matches()) {
        throw new MalformedEventException("detail.instance-id must be an instance id like i-0123456789abcdef0, got '"
            + instanceId + "' in event " + id);
      }
      return new InstanceChange(id, instanceId, text(detail, "state"));
    }
    if (ECS_SOURCE.equals(source) && ECS_DETAIL_TYPE.equals(detailType)) {
      return task(id, detail);
    }
    if (EC2_SOURCE.equals(source) && CLOUDTRAIL_DETAIL_TYPE.equals(detailType)) {
      return apiCall(id, detail);
    }
    throw new MalformedEventException("the event router takes source '" + EC2_SOURCE + "' with detail-type '"
        + EC2_DETAIL_TYPE + "', '" + CLOUDTRAIL_DETAIL_TYPE + "' or source '" + ECS_SOURCE + "' with detail-type '" + ECS_DETAIL_TYPE + "', got source '"
        + source + "' with detail-type '" + detailType + "' (event " + id + "); check the rule's event pattern");
  }

  private static ApiCall apiCall(String id, JsonNode detail) {
    String eventName = text(detail, "eventName");
    JsonNode arn = detail.path("userIdentity").path("arn");
    Set<String> instances = new LinkedHashSet<>();
    Set<String> subnets = new LinkedHashSet<>();
    boolean[] tagged = {false};
    for (String part : List.of("requestParameters", "responseElements")) {
      collect(detail.path(part), instances, subnets, tagged);
    }
    return new ApiCall(id, eventName, arn.isTextual() ? arn.asText() : "", detail.hasNonNull("errorCode"), tagged[0],
        List.copyOf(instances), List.copyOf(subnets));
  }

  private static void collect(JsonNode node, Set<String> instances, Set<String> subnets, boolean[] tagged) {
    if (node.isTextual()) {
      String v = node.asText();
      if (INSTANCE_ID.matcher(v).matches()) {
        instances.add(v);
      } else if (SUBNET_ID.matcher(v).matches()) {
        subnets.add(v);
      } else if (MirrorTags.CLUSTER.equals(v)) {
        tagged[0] = true;
      }
      return;
    }
    node.forEach(child -> collect(child, instances, subnets, tagged));
  }

  private static TaskChange task(String id, JsonNode detail) {
    String taskArn = text(detail, "taskArn");
    if (!taskArn.startsWith("arn:") || !taskArn.contains(":task/")) {
      throw new MalformedEventException("detail.taskArn must be an ECS task ARN, got '" + taskArn + "' in event " + id);
    }
    JsonNode attachments = detail.path("attachments");
    if (!attachments.isMissingNode() && !attachments.isArray()) {
      throw new MalformedEventException("detail.attachments must be an array in event " + id);
    }
    Set<String> subnets = new LinkedHashSet<>();
    List<String> enis = new ArrayList<>();
    for (JsonNode attachment : attachments) {
      String type = attachment.path("type").asText();
      if (!"eni".equals(type) && !"ElasticNetworkInterface".equals(type)) {
        continue;
      }
      for (JsonNode pair : attachment.path("details")) {
        String name = pair.path("name").asText();
        String value = pair.path("value").asText();
        try {
          if (name.equals("subnetId")) {
            subnets.add(Ids.subnet(value));
          } else if (name.equals("networkInterfaceId")) {
            enis.add(Ids.eni(value));
          }
        } catch (InvalidInputException e) {
          throw new MalformedEventException("an eni attachment of task " + taskArn + " has " + e.getMessage());
        }
      }
    }
    return new TaskChange(id, taskArn, text(detail, "lastStatus"), List.copyOf(subnets), enis);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new MalformedEventException("missing or non-text field '" + field + "'");
    }
    return value.asText();
  }
}
