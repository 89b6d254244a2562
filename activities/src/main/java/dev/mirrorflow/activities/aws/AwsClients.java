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

  /**
   * Applies region, endpoint, credentials and HTTP client to any SDK v2 client builder, so that
   * other modules (the CLI's Step Functions client) are built the same way.
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder, Environment env) {
    builder
        .region(Region.of(env.region()))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
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
