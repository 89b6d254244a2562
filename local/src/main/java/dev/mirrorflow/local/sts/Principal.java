package dev.mirrorflow.local.sts;

/**
 * Who made a request, as STS GetCallerIdentity names it.
 *
 * @param account the 12-digit account that owns the calling entity
 * @param arn the caller's ARN: {@code arn:aws:iam::<account>:root} or {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}
 * @param userId the caller's unique id ({@code aws:userid})
 */
public record Principal(String account, String arn, String userId) {

  /** The account's root user. */
  public static Principal root(String account) {
    return new Principal(account, "arn:aws:iam::" + account + ":root", account);
  }

  /** The role ARN this principal is a session of, or null when it is not an assumed role. */
  public String roleArn() {
    int i = arn.indexOf(":assumed-role/");
    if (i < 0) {
      return null;
    }
    String rest = arn.substring(i + ":assumed-role/".length());
    int slash = rest.indexOf('/');
    return "arn:aws:iam::" + account + ":role/" + (slash < 0 ? rest : rest.substring(0, slash));
  }
}
