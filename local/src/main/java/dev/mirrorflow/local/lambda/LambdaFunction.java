package dev.mirrorflow.local.lambda;

import java.time.Duration;
import java.util.Map;

/**
 * One function of the local Lambda: the {@code RequestStreamHandler} class that serves it (resolved
 * lazily, at its first invocation), its environment variables and its timeout.
 *
 * @param name function name, e.g. {@code mirrorflow-demo-PlanVpc}
 * @param handlerClassName fully qualified class implementing {@code RequestStreamHandler}
 * @param variables the function's environment variables
 * @param timeout how long one invocation may run (virtual time of the local clock)
 * @param reservedConcurrency the most instances that may serve the function at once (Lambda's reserved
 *     concurrency; invocations beyond it are throttled), or null for none
 */
public record LambdaFunction(
    String name, String handlerClassName, Map<String, String> variables, Duration timeout, Integer reservedConcurrency) {

  /** Lambda's default timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  public LambdaFunction {
    if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "a function name is 1 to 64 letters, digits, '-' or '_', got '" + name + "'");
    }
    if (handlerClassName == null || handlerClassName.isBlank()) {
      throw new IllegalArgumentException("function " + name + " needs a handler class name");
    }
    variables = variables == null ? Map.of() : Map.copyOf(variables);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("function " + name + " needs a positive timeout, got " + timeout);
    }
    if (reservedConcurrency != null && reservedConcurrency < 0) {
      throw new IllegalArgumentException(
          "function " + name + " needs a reserved concurrency of 0 or more, got " + reservedConcurrency);
    }
  }

  /** A function without reserved concurrency. */
  public LambdaFunction(String name, String handlerClassName, Map<String, String> variables, Duration timeout) {
    this(name, handlerClassName, variables, timeout, null);
  }

  /** A function with no variables and Lambda's default timeout of 3 seconds. */
  public static LambdaFunction of(String name, String handlerClassName) {
    return new LambdaFunction(name, handlerClassName, Map.of(), DEFAULT_TIMEOUT);
  }
}
