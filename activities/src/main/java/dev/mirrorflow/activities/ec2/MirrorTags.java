package dev.mirrorflow.activities.ec2;

/** The tags Mirrorflow puts on AWS resources. */
public final class MirrorTags {
  private MirrorTags() {}

  /** THE ownership tag: the cluster whose session this is. Only sessions carrying it are ever changed. */
  public static final String CLUSTER = "mirrorflow:cluster";
  /** The VPC of an owned session (lets a reconcile list a VPC's owned sessions with one filter). */
  public static final String VPC = "mirrorflow:vpc";
  /** The subnet of an owned session's ENI. */
  public static final String SUBNET = "mirrorflow:subnet";
  /**
   * On an ENI: EC2 answered {@code NetworkInterfaceNotSupported} when Mirrorflow tried to mirror it.
   * The value is the instance type at the time, so that resizing the instance to a supported type
   * makes the ENI worth another try. Shared by every cluster: AWS's answer does not depend on it.
   */
  public static final String MIRRORING_UNSUPPORTED = "mirrorflow:mirroring-unsupported";
}
