package dev.mirrorflow.activities.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the activities run and how they reach AWS: the region, an optional endpoint override (the
 * local cloud), whether to use the local cloud's dummy credentials, and the function's environment
 * variables.
 *
 * <p>On Lambda, {@link #fromSystem()} reads the real environment. The local cloud builds one with
 * {@link #local(URI, String, Map)} for every handler it runs in-process, so that several local
 * clouds can live in one JVM without touching global system properties.
 *
 * @param region AWS region, e.g. {@code us-east-1}
 * @param endpointOverride where every client sends its requests, instead of AWS's endpoints
 * @param localCredentials whether to sign with fixed dummy credentials (the local cloud ignores
 *     signatures) instead of the default credential chain
 * @param variables the function's environment variables
 */
public record Environment(
    String region, Optional<URI> endpointOverride, boolean localCredentials, Map<String, String> variables) {

  /** Environment variable naming an endpoint for every client; the SDK's own name for it. */
  public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";

  public Environment {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("a region is required: set AWS_REGION (e.g. us-east-1)");
    }
    endpointOverride = endpointOverride == null ? Optional.empty() : endpointOverride;
    variables = variables == null ? Map.of() : Map.copyOf(variables);
  }

  /** The environment of this process: {@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, the default credential chain. */
  public static Environment fromSystem() {
    Map<String, String> env = System.getenv();
    String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    Optional<URI> endpoint =
        Optional.ofNullable(env.get(ENDPOINT_VARIABLE)).filter(s -> !s.isBlank()).map(URI::create);
    return new Environment(region, endpoint, false, env);
  }

  /** The environment of a handler that the local cloud at {@code endpoint} runs in-process. */
  public static Environment local(URI endpoint, String region, Map<String, String> variables) {
    return new Environment(region, Optional.of(endpoint), true, variables);
  }

  /** An environment variable, or {@code fallback} when it is unset or blank. */
  public String variable(String name, String fallback) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
