package dev.mirrorflow.local.ec2;

/**
 * An error the local EC2 answers as AWS does: an error code such as {@code
 * InvalidNetworkInterfaceID.NotFound}, a message, and the HTTP status (400 for client errors, 503
 * for throttling, 500 for internal errors).
 */
public final class LocalEc2Exception extends RuntimeException {
  private final String code;
  private final int status;

  public LocalEc2Exception(String code, String message, int status) {
    super(message);
    this.code = code;
    this.status = status;
  }

  /** A client error (HTTP 400). */
  public static LocalEc2Exception client(String code, String message) {
    return new LocalEc2Exception(code, message, 400);
  }

  /** An error for a resource id that does not exist, worded as EC2 words it. */
  public static LocalEc2Exception notFound(String code, String kind, String id) {
    return client(code, "The " + kind + " ID '" + id + "' does not exist");
  }

  public static LocalEc2Exception invalidParameter(String message) {
    return client("InvalidParameterValue", message);
  }

  public static LocalEc2Exception missingParameter(String name) {
    return client("MissingParameter", "The request must contain the parameter " + name);
  }

  /** The EC2 error code, e.g. {@code TrafficMirrorSessionLimitExceeded}. */
  public String code() {
    return code;
  }

  /** The HTTP status the error is answered with. */
  public int status() {
    return status;
  }
}
