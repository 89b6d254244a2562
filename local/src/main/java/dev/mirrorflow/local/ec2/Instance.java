package dev.mirrorflow.local.ec2;

import java.time.Instant;

/**
 * An instance of the local EC2.
 *
 * @param state one of pending, running, shutting-down, terminated, stopping, stopped
 */
public record Instance(
    String id,
    String reservationId,
    String instanceType,
    String subnetId,
    String vpcId,
    String availabilityZone,
    String privateIpAddress,
    String state,
    Instant launchTime) {

  /** EC2's numeric code of a state name. */
  public static int stateCode(String state) {
    return switch (state) {
      case "pending" -> 0;
      case "running" -> 16;
      case "shutting-down" -> 32;
      case "terminated" -> 48;
      case "stopping" -> 64;
      case "stopped" -> 80;
      default -> throw new IllegalArgumentException("unknown instance state " + state);
    };
  }

  Instance withType(String newType) {
    return new Instance(
        id, reservationId, newType, subnetId, vpcId, availabilityZone, privateIpAddress, state, launchTime);
  }

  Instance withState(String newState) {
    return new Instance(
        id, reservationId, instanceType, subnetId, vpcId, availabilityZone, privateIpAddress, newState, launchTime);
  }
}
