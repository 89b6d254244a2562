package dev.mirrorflow.activities.eni;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an ENI gets no session. The JSON name is what summaries count by. */
public enum SkipReason {
  /** Interface type is not {@code interface}: Lambda, NAT gateway, VPC endpoint, load balancer, ... */
  NOT_INTERFACE_TYPE("notInterfaceType"),
  /** Managed by an AWS service on the account's behalf; never a mirror source. */
  REQUESTER_MANAGED("requesterManaged"),
  /** Not attached to an instance. */
  NOT_ATTACHED("notAttachedToInstance"),
  /** Its instance's type cannot be a mirror source (AWS documentation). */
  INSTANCE_TYPE_UNSUPPORTED("instanceTypeUnsupported"),
  /** The VPC's include/exclude tag policy leaves it out. */
  EXCLUDED_BY_TAGS("excludedByTags"),
  /** EC2 already answered {@code NetworkInterfaceNotSupported} for it (remembered as an ENI tag). */
  KNOWN_UNSUPPORTED("knownUnsupported"),
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
