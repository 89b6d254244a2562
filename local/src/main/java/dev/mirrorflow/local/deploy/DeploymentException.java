package dev.mirrorflow.local.deploy;

/** The state machines could not be deployed to the local cloud; the message says which file and why. */
public final class DeploymentException extends RuntimeException {
  public DeploymentException(String message) {
    super(message);
  }

  public DeploymentException(String message, Throwable cause) {
    super(message, cause);
  }
}
