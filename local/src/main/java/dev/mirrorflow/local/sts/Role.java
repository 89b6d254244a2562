package dev.mirrorflow.local.sts;

import java.util.Set;

/**
 * An IAM role of the local cloud: its ARN and the principals its trust policy names (role ARNs, or
 * {@code arn:aws:iam::<account>:root} for every principal of that account).
 */
public record Role(String arn, Set<String> trustedPrincipals) {

  public Role {
    trustedPrincipals = Set.copyOf(trustedPrincipals);
  }

  /** The role's account. */
  public String account() {
    return arn.split(":")[4];
  }

  /**
   * Whether the trust policy lets {@code caller} assume this role: the caller's own ARN, the role
   * whose session the caller is, or the caller's account root is named.
   */
  public boolean trusts(Principal caller) {
    return trustedPrincipals.contains(caller.arn())
        || (caller.roleArn() != null && trustedPrincipals.contains(caller.roleArn()))
        || trustedPrincipals.contains(Principal.root(caller.account()).arn());
  }
}
