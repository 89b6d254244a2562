package dev.mirrorflow.local.ec2;

import java.time.Instant;

/**
 * A network interface (ENI) of the local EC2, of any interface type AWS uses ({@code interface},
 * {@code lambda}, {@code nat_gateway}, {@code vpc_endpoint}, {@code network_load_balancer}, {@code
 * gateway_load_balancer_endpoint}, {@code efa}, {@code trunk}, ...).
 *
 * @param status {@code available} or {@code in-use}
 * @param attachment the attachment to an instance, or null
 */
public record NetworkInterface(
    String id,
    String subnetId,
    String vpcId,
    String availabilityZone,
    String interfaceType,
    boolean requesterManaged,
    String requesterId,
    String description,
    String privateIpAddress,
    String macAddress,
    String status,
    Attachment attachment,
    String ownerId) {

  /** An ENI's attachment to an instance. */
  public record Attachment(
      String attachmentId,
      String instanceId,
      int deviceIndex,
      String status,
      Instant attachTime,
      boolean deleteOnTermination) {}

  NetworkInterface withAttachment(Attachment newAttachment) {
    return new NetworkInterface(
        id, subnetId, vpcId, availabilityZone, interfaceType, requesterManaged, requesterId, description,
        privateIpAddress, macAddress, newAttachment == null ? "available" : "in-use", newAttachment, ownerId);
  }
}
