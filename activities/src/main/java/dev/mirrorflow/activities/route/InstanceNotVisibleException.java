package dev.mirrorflow.activities.route;

/**
 * EC2 does not describe an instance that a state-change event says exists (pending, running,
 * stopping or stopped): its API is eventually consistent, and an instance just launched may not be
 * described for a while. Transient: the event-router workflow retries it with backoff rather than
 * dropping the event.
 */
public final class InstanceNotVisibleException extends RuntimeException {
  public InstanceNotVisibleException(String instanceId, String state) {
    super("EC2 does not describe instance " + instanceId + " yet, though its event says '" + state
        + "': the EC2 API is eventually consistent, so the workflow asks again");
  }
}
