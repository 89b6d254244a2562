package dev.mirrorflow.activities.lifecycle;

/** add-vpc was asked to register a VPC that does not exist (in this account and region). Nothing was changed. */
public class VpcNotFoundException extends RuntimeException {
  public VpcNotFoundException(String vpcId) {
    super("VPC " + vpcId + " does not exist in this account and region: check the id (and --region); nothing was changed");
  }

  /** The VPC is not in member account {@code account}. */
  public VpcNotFoundException(String vpcId, String account) {
    super("VPC " + vpcId + " does not exist in account " + account + " (this region): check the id and --account;"
        + " nothing was changed");
  }
}
