package dev.mirrorflow.activities.ec2;

/** STS refused the credentials of a member account's role (its code, e.g. AccessDenied); nothing was asked of EC2. */
public class AssumeRoleFailedException extends RuntimeException {
  private final String code;

  public AssumeRoleFailedException(String code, String message) {
    super("STS refused the member role (" + code + "): " + message);
    this.code = code;
  }

  /** STS's error code. */
  public String code() {
    return code;
  }
}
