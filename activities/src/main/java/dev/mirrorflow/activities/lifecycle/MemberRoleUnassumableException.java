package dev.mirrorflow.activities.lifecycle;

/**
 * The cluster's steps cannot assume the member role in a VPC's account: the member stack is not
 * deployed there, or its trust policy does not name this cluster's step role. Nothing was changed.
 */
public class MemberRoleUnassumableException extends RuntimeException {
  private final String account;

  public MemberRoleUnassumableException(String account, String roleArn, String code) {
    super("cannot assume the member role " + roleArn + " in account " + account + " (STS " + code
        + "): deploy the member stack in " + account + " (npx cdk deploy -c cluster=<cluster> -c hubAccount=<hub>"
        + " -c allowedTargets=<the hub's AllowedMirrorTargetArns> -c allowedFilterIds=<this account's filters>,"
        + " or the StackSet), and list it in the hub stack (-c memberAccounts=" + account + " or -c memberOrganizationId=o-...);"
        + " nothing was changed");
    this.account = account;
  }

  public String account() {
    return account;
  }
}
