package dev.mirrorflow.local.http;

/**
 * Sends a request to whichever service of the same local cloud serves it, in-process, exactly as if
 * it had arrived on the port. Services use it to reach each other: an EventBridge target starting a
 * Step Functions execution, EC2 putting a state-change event, an {@code aws-sdk:} task integration.
 */
@FunctionalInterface
public interface AwsDispatcher {
  LocalResponse dispatch(LocalRequest request);
}
