package dev.mirrorflow.activities.ec2;

import java.util.Map;
import java.util.Optional;

/**
 * What DescribeNetworkInterfaces says about one ENI, as far as mirroring cares.
 *
 * @param eniId network interface id ({@code eni-...})
 * @param subnetId its subnet
 * @param interfaceType EC2's interface type: {@code interface}, {@code lambda}, {@code nat_gateway}, ...
 * @param requesterManaged whether an AWS service manages it on the account's behalf
 * @param instanceId the instance it is attached to, or null when it is not attached to an instance
 * @param tags its tags
 */
public record NetworkInterface(
    String eniId,
    String subnetId,
    String interfaceType,
    boolean requesterManaged,
    String instanceId,
    Map<String, String> tags) {

  /** EC2's interface type of ordinary ENIs, the only type that can be a mirror source. */
  public static final String TYPE_INTERFACE = "interface";

  public NetworkInterface {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The instance this ENI is attached to, if any. */
  public Optional<String> attachedInstance() {
    return Optional.ofNullable(instanceId).filter(id -> !id.isEmpty());
  }
}
