package dev.mirrorflow.activities.eni;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an ENI gets no session. The JSON name is what summaries count by. */
public enum SkipReason {
  /** Interface type is not {@code interface}: Lambda, NAT gateway, VPC endpoint, load balancer, ... */
  NOT_INTERFACE_TYPE("notInterfaceType"),
  /**
   * Managed by an AWS service on the account's behalf: never a source, except those of Amazon RDS and
   * Amazon ElastiCache when the VPC's config asks for them ({@code mirrorManagedDatabases}).
   */
  REQUESTER_MANAGED("requesterManaged"),
  /** Not attached to an instance. */
  NOT_ATTACHED("notAttachedToInstance"),
  /** Its instance's type cannot be a mirror source (AWS documentation). */
  INSTANCE_TYPE_UNSUPPORTED("instanceTypeUnsupported"),
  /** The VPC's include/exclude tag policy leaves it out. */
  EXCLUDED_BY_TAGS("excludedByTags"),
  /**
   * EC2 answered {@code NetworkInterfaceNotSupported} for it, or for another ENI of its instance type,
   * within a day (remembered in ENI tags, see {@link RefusalMemory}).
   */
  KNOWN_UNSUPPORTED("knownUnsupported"),
  /** It is a traffic mirror target's ENI: AWS does not let an ENI be a target and a source at once. */
  MIRROR_TARGET("mirrorTarget"),
  /** EC2 refused it within the hour with a refusal that repeats (quota, target's sources); see {@code status}. */
  REMEMBERED_REFUSAL("rememberedRefusal"),
  /** It already has 3 sessions of others, AWS's limit per source ENI. */
  SESSION_LIMIT("sessionLimitReached");

  private final String code;

  SkipReason(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }
}
