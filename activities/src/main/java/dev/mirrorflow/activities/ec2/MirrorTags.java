package dev.mirrorflow.activities.ec2;

/** The tags Mirrorflow puts on AWS resources. */
public final class MirrorTags {
  private MirrorTags() {}

  /** THE ownership tag: the cluster whose session this is. Only sessions carrying it are ever changed. */
  public static final String CLUSTER = "mirrorflow:cluster";
  /** The VPC of an owned session, for people and IAM conditions (EC2 cannot filter sessions by tag). */
  public static final String VPC = "mirrorflow:vpc";
  /** The subnet of an owned session's ENI; tells the planner where a session of a vanished ENI belonged. */
  public static final String SUBNET = "mirrorflow:subnet";
  /**
   * On a session: the client token it was created with. A create batch counts as created only the
   * sessions carrying its own items' tokens (made by this attempt or an earlier attempt of the same
   * batch), never one another run made: two runs must not both report one session.
   */
  public static final String CLIENT_TOKEN = "mirrorflow:client-token";
  /**
   * On an ENI: EC2 answered {@code NetworkInterfaceNotSupported} when Mirrorflow tried to mirror it.
   * The value is {@code <instance type>@<ISO instant>}: the type counts as refused for every ENI of the
   * account for a while, and resizing the instance makes the ENI worth another try. Shared by every
   * cluster: AWS's answer does not depend on it. See {@code eni.RefusalMemory}.
   */
  public static final String MIRRORING_UNSUPPORTED = "mirrorflow:mirroring-unsupported";

  /**
   * On an ENI: a refusal that repeats until someone acts (the account's session quota, the target's
   * sources), as {@code <error code>@<ISO instant>}; the ENI is not tried again for a while.
   */
  public static final String REFUSED = "mirrorflow:refused";
}
