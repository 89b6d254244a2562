package dev.mirrorflow.activities.registry;

/** A VPC mirroring config is malformed; re-register the VPC (add-vpc) with a valid config. */
public class InvalidVpcConfigException extends RuntimeException {
  public InvalidVpcConfigException(String message) {
    super("invalid VPC mirroring config: " + message);
  }
}
