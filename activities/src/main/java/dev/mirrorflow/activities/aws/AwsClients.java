package dev.mirrorflow.activities.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * The one way Mirrorflow builds AWS clients: the URL-connection HTTP client (short cold starts, no
 * Apache or Netty in the jar), the environment's region and endpoint; the activities' own clients
 * make one attempt per call, because the state machine owns retrying.
 */
public final class AwsClients {
  private AwsClients() {}

  // Retries belong to the state machine, where they are visible in the execution history.
  private static final ClientOverrideConfiguration NO_SDK_RETRIES =
      ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(1)).build();

  /**
   * System property that, set to {@value #SDK_DEFAULT_HTTP_CLIENT}, leaves the choice of HTTP client
   * to the SDK (its default: Apache when on the classpath). Only the benchmark's cold-start
   * comparison sets it; Lambda never does.
   */
  public static final String HTTP_CLIENT_PROPERTY = "mirrorflow.httpClient";
  /** The value of {@link #HTTP_CLIENT_PROPERTY} that selects the SDK's default HTTP client. */
  public static final String SDK_DEFAULT_HTTP_CLIENT = "sdk-default";

  /** Dummy credentials for the local cloud, which does not check signatures. */
  public static final String LOCAL_ACCESS_KEY = "mirrorflow-local";

  /** An EC2 client for the activities: one attempt per call, because the state machine retries. */
  public static Ec2Client ec2(Environment env) {
    return configure(Ec2Client.builder(), env).overrideConfiguration(NO_SDK_RETRIES).build();
  }

  /** An EventBridge client for the activities: one attempt per call, because the state machine retries. */
  public static EventBridgeClient eventBridge(Environment env) {
    return configure(EventBridgeClient.builder(), env).overrideConfiguration(NO_SDK_RETRIES).build();
  }

  /** An EventBridge Scheduler client for the activities: one attempt per call, because the state machine retries. */
  public static SchedulerClient scheduler(Environment env) {
    return configure(SchedulerClient.builder(), env).overrideConfiguration(NO_SDK_RETRIES).build();
  }

  /**
   * Applies region, endpoint, credentials and HTTP client to any SDK v2 client builder, so that
   * other modules (the CLI's Step Functions client) are built the same way.
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder, Environment env) {
    builder.region(Region.of(env.region()));
    if (!SDK_DEFAULT_HTTP_CLIENT.equals(System.getProperty(HTTP_CLIENT_PROPERTY))) {
      builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    }
    env.endpointOverride().ifPresent(builder::endpointOverride);
    if (env.localCredentials()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCAL_ACCESS_KEY, LOCAL_ACCESS_KEY)));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder;
  }
}
