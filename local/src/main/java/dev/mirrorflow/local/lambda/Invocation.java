package dev.mirrorflow.local.lambda;

import java.nio.charset.StandardCharsets;

/**
 * The answer of one invocation, as Lambda's {@code Invoke} returns it: the payload the handler wrote,
 * or, when it failed, the Lambda Java runtime's error document
 * {@code {"errorMessage","errorType","stackTrace"}} with {@code functionError} set to
 * {@code Unhandled}.
 *
 * @param functionName the function invoked
 * @param payload the response payload (possibly empty)
 * @param functionError null on success, {@code Unhandled} when the handler threw or timed out
 * @param errorType the error's type when it failed (the exception's class name, or
 *     {@code Sandbox.Timedout} / {@code Runtime.ExitError} when the sandbox failed), else null
 */
public record Invocation(String functionName, byte[] payload, String functionError, String errorType) {

  public Invocation {
    payload = payload == null ? new byte[0] : payload;
  }

  public boolean failed() {
    return functionError != null;
  }

  /**
   * True when the function's sandbox or runtime failed rather than its code throwing: it timed out
   * ({@code Sandbox.Timedout}) or the runtime died, e.g. out of memory ({@code Runtime.ExitError}).
   * Step Functions reports those as {@code Lambda.Unknown}.
   */
  public boolean sandboxFailed() {
    return errorType != null && (errorType.startsWith("Sandbox.") || errorType.startsWith("Runtime."));
  }

  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
