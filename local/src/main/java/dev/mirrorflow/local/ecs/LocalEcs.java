package dev.mirrorflow.local.ecs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.ec2.Ec2Service;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.LocalEc2Exception;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.local.ec2.Subnet;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Simulated Amazon ECS tasks on Fargate, enough for Mirrorflow's event path: {@link #runTask} creates
 * the task's ENI in a subnet of the local EC2, shaped as ECS shapes these ENIs (interface type {@code
 * interface}, requester-managed, description {@code arn:aws:ecs:<region>:<account>:attachment/<id>},
 * attached to no instance of the account), and {@link #stopTask} deletes it (with any mirror session
 * on it, as EC2 does). Each status change puts an {@code ECS Task State Change} event on the default
 * bus, shaped as ECS's: {@code detail.attachments[]} of type {@code eni} with {@code details} name/value
 * pairs {@code subnetId}, {@code networkInterfaceId}, {@code macAddress}, {@code privateIPv4Address},
 * and {@code detail.lastStatus} PROVISIONING, PENDING, RUNNING on run, DEPROVISIONING, STOPPED on stop.
 * The EC2 knob {@code stateChangeEvents} switches these events off too.
 *
 * <p>Not the ECS wire protocol: tests call this class, other processes the admin routes of {@link
 * EcsAdmin}.
 */
public final class LocalEcs {
  /** Source and detail-type of ECS's task state-change events. */
  public static final String SOURCE = "aws.ecs";
  public static final String DETAIL_TYPE = "ECS Task State Change";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Ec2Service ec2;
  private final AwsDispatcher eventSink;
  private final String region;
  private final String accountId;
  private final Map<String, EcsTask> tasks = new TreeMap<>();

  /**
   * @param ec2 the local EC2 whose subnets the tasks run in
   * @param eventSink where the events go (the {@code LocalServer}); null drops them
   */
  public LocalEcs(Ec2Service ec2, AwsDispatcher eventSink, String region, String accountId) {
    this.ec2 = ec2;
    this.eventSink = eventSink;
    this.region = region;
    this.accountId = accountId;
  }

  /**
   * Runs a Fargate task of {@code taskDefinitionFamily} in {@code cluster}, with its ENI in {@code
   * subnetId}; returns it RUNNING, after the PROVISIONING, PENDING and RUNNING events.
   *
   * @throws LocalEc2Exception {@code InvalidSubnetID.NotFound} when the subnet does not exist
   */
  public EcsTask runTask(String cluster, String taskDefinitionFamily, String subnetId) {
    String clusterName = cluster == null || cluster.isBlank() ? "default" : cluster;
    String family = taskDefinitionFamily == null || taskDefinitionFamily.isBlank() ? "task" : taskDefinitionFamily;
    Subnet subnet = ec2.world().subnets().stream().filter(s -> s.id().equals(subnetId)).findFirst()
        .orElseThrow(() -> LocalEc2Exception.notFound("InvalidSubnetID.NotFound", "subnet", String.valueOf(subnetId)));
    String taskId = UUID.randomUUID().toString().replace("-", "");
    String attachmentId = UUID.randomUUID().toString();
    String arnPrefix = "arn:aws:ecs:" + region + ":" + accountId + ":";
    EcsTask provisioning = new EcsTask(arnPrefix + "task/" + clusterName + "/" + taskId, arnPrefix + "cluster/" + clusterName,
        arnPrefix + "task-definition/" + family + ":1", "family:" + family, subnet.id(), subnet.vpcId(),
        subnet.availabilityZone(), attachmentId, null, null, null, "PROVISIONING", "RUNNING",
        ec2.clock().instant(), null, null);
    put(provisioning);
    emit(provisioning);
    NetworkInterface eni = ec2.world().createNetworkInterface(new Ec2World.NewNetworkInterface(
        null, subnet.id(), "interface", true, arnPrefix + "attachment/" + attachmentId, null, Map.of()));
    EcsTask pending = new EcsTask(provisioning.taskArn(), provisioning.clusterArn(), provisioning.taskDefinitionArn(),
        provisioning.group(), subnet.id(), subnet.vpcId(), subnet.availabilityZone(), attachmentId, eni.id(),
        eni.macAddress(), eni.privateIpAddress(), "PENDING", "RUNNING", provisioning.createdAt(), null, null);
    put(pending);
    emit(pending);
    EcsTask running = pending.with("RUNNING", "RUNNING", eni.id(), null, null);
    put(running);
    emit(running);
    return running;
  }

  /**
   * Stops a task (by ARN or id): DEPROVISIONING, its ENI deleted (with its sessions), STOPPED.
   * Stopping a stopped task changes nothing.
   *
   * @throws IllegalArgumentException when there is no such task
   */
  public EcsTask stopTask(String taskArnOrId, String reason) {
    EcsTask task = task(taskArnOrId).orElseThrow(() -> new IllegalArgumentException(
        "no task " + taskArnOrId + "; run one first (LocalEcs.runTask or POST " + EcsAdmin.PREFIX + "tasks)"));
    if (task.lastStatus().equals("STOPPED")) {
      return task;
    }
    String why = reason == null || reason.isBlank() ? "Task stopped by user" : reason;
    EcsTask deprovisioning = task.with("DEPROVISIONING", "STOPPED", task.networkInterfaceId(), null, why);
    put(deprovisioning);
    emit(deprovisioning);
    if (task.networkInterfaceId() != null && ec2.world().networkInterface(task.networkInterfaceId()).isPresent()) {
      ec2.world().deleteNetworkInterface(task.networkInterfaceId());
    }
    EcsTask stopped = deprovisioning.with("STOPPED", "STOPPED", task.networkInterfaceId(), ec2.clock().instant(), why);
    put(stopped);
    emit(stopped);
    return stopped;
  }

  /** Every task, running or stopped, by ARN. */
  public synchronized List<EcsTask> tasks() {
    return List.copyOf(tasks.values());
  }

  /** A task by ARN or id. */
  public synchronized Optional<EcsTask> task(String taskArnOrId) {
    EcsTask byArn = tasks.get(taskArnOrId);
    if (byArn != null) {
      return Optional.of(byArn);
    }
    return tasks.values().stream().filter(t -> t.taskId().equals(taskArnOrId)).findFirst();
  }

  /** Forgets every task (their ENIs stay as the world has them). */
  public synchronized void clear() {
    tasks.clear();
  }

  private synchronized void put(EcsTask task) {
    tasks.put(task.taskArn(), task);
  }

  /** The {@code detail} of the task's state-change event, as ECS shapes it. */
  public static ObjectNode detail(EcsTask task, Instant now) {
    ObjectNode detail = JSON.createObjectNode();
    ArrayNode attachments = detail.putArray("attachments");
    ObjectNode attachment = attachments.addObject()
        .put("id", task.attachmentId()).put("type", "eni").put("status", task.attachmentStatus());
    ArrayNode details = attachment.putArray("details");
    details.addObject().put("name", "subnetId").put("value", task.subnetId());
    if (task.networkInterfaceId() != null) {
      details.addObject().put("name", "networkInterfaceId").put("value", task.networkInterfaceId());
      details.addObject().put("name", "macAddress").put("value", task.macAddress());
      details.addObject().put("name", "privateIPv4Address").put("value", task.privateIpv4Address());
    }
    detail.put("availabilityZone", task.availabilityZone())
        .put("clusterArn", task.clusterArn())
        .put("createdAt", DateTimeFormatter.ISO_INSTANT.format(task.createdAt()))
        .put("desiredStatus", task.desiredStatus())
        .put("group", task.group())
        .put("lastStatus", task.lastStatus())
        .put("launchType", "FARGATE")
        .put("cpu", "256")
        .put("memory", "512")
        .put("platformVersion", "1.4.0")
        .put("taskArn", task.taskArn())
        .put("taskDefinitionArn", task.taskDefinitionArn())
        .put("updatedAt", DateTimeFormatter.ISO_INSTANT.format(now))
        .put("version", 1);
    detail.putArray("containers");
    if (task.stoppedAt() != null) {
      detail.put("stoppedAt", DateTimeFormatter.ISO_INSTANT.format(task.stoppedAt()));
    }
    if (task.stoppedReason() != null) {
      detail.put("stoppedReason", task.stoppedReason()).put("stopCode", "UserInitiated");
    }
    return detail;
  }

  private void emit(EcsTask task) {
    if (eventSink == null || !ec2.knobs().stateChangeEvents()) {
      return;
    }
    Instant now = ec2.clock().instant();
    ObjectNode entry = JSON.createObjectNode()
        .put("Source", SOURCE)
        .put("DetailType", DETAIL_TYPE)
        .put("Detail", detail(task, now).toString())
        .put("EventBusName", "default")
        .put("Time", now.getEpochSecond());
    entry.putArray("Resources").add(task.taskArn());
    ObjectNode body = JSON.createObjectNode();
    body.putArray("Entries").add(entry);
    eventSink.dispatch(LocalRequest.awsJson("AWSEvents.PutEvents", body.toString()));
  }
}
