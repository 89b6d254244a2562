package dev.mirrorflow.local.ecs;

import java.time.Instant;

/**
 * A simulated ECS task on Fargate (awsvpc networking: one task ENI in one subnet).
 *
 * @param taskArn {@code arn:aws:ecs:<region>:<account>:task/<cluster>/<taskId>}
 * @param clusterArn {@code arn:aws:ecs:<region>:<account>:cluster/<cluster>}
 * @param taskDefinitionArn the task definition it runs
 * @param group e.g. {@code family:web} or {@code service:web}
 * @param subnetId the subnet of its ENI
 * @param vpcId that subnet's VPC
 * @param availabilityZone that subnet's availability zone
 * @param attachmentId the id of its ENI attachment
 * @param networkInterfaceId its ENI, or null once deleted
 * @param macAddress its ENI's MAC address
 * @param privateIpv4Address its ENI's private IP address
 * @param lastStatus PROVISIONING, PENDING, RUNNING, DEPROVISIONING or STOPPED
 * @param desiredStatus RUNNING or STOPPED
 * @param createdAt when RunTask created it
 * @param stoppedAt when it stopped, or null
 * @param stoppedReason why it stopped, or null
 */
public record EcsTask(
    String taskArn,
    String clusterArn,
    String taskDefinitionArn,
    String group,
    String subnetId,
    String vpcId,
    String availabilityZone,
    String attachmentId,
    String networkInterfaceId,
    String macAddress,
    String privateIpv4Address,
    String lastStatus,
    String desiredStatus,
    Instant createdAt,
    Instant stoppedAt,
    String stoppedReason) {

  /** The task id, the last part of its ARN. */
  public String taskId() {
    return taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }

  /** The attachment's status as ECS reports it for {@link #lastStatus()}. */
  public String attachmentStatus() {
    return switch (lastStatus) {
      case "PROVISIONING" -> "PRECREATED";
      case "PENDING", "RUNNING" -> "ATTACHED";
      case "DEPROVISIONING" -> "DETACHING";
      default -> "DELETED";
    };
  }

  EcsTask with(String newStatus, String newDesired, String eniId, Instant stopped, String reason) {
    return new EcsTask(taskArn, clusterArn, taskDefinitionArn, group, subnetId, vpcId, availabilityZone, attachmentId,
        eniId, macAddress, privateIpv4Address, newStatus, newDesired, createdAt, stopped, reason);
  }
}
