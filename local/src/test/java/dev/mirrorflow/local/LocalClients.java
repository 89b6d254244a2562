package dev.mirrorflow.local;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Real SDK clients for tests against a local cloud or server at {@code endpoint}: region
 * us-east-1, the local dummy credentials and the URL-connection HTTP client, configured by
 * {@link AwsClients#configure} exactly as the activities configure theirs. Unless a method says
 * otherwise, the SDK keeps its default retries.
 */
public final class LocalClients {
  /** The region every test client uses. */
  public static final String REGION = "us-east-1";

  private LocalClients() {}

  /** An EC2 client with the SDK's default retries. */
  public static Ec2Client ec2(URI endpoint) {
    return AwsClients.configure(Ec2Client.builder(), local(endpoint)).build();
  }

  /** An EC2 client making at most {@code maxAttempts} attempts per call (1: every error reaches the test). */
  public static Ec2Client ec2(URI endpoint, int maxAttempts) {
    return AwsClients.configure(Ec2Client.builder(), local(endpoint))
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(maxAttempts)))
        .build();
  }

  /**
   * An EC2 client signing with its own access key: someone other than Mirrorflow's steps (which sign
   * with the local key), as CloudTrail tells callers apart.
   */
  public static Ec2Client ec2As(URI endpoint, String accessKeyId) {
    return AwsClients.configure(Ec2Client.builder(), local(endpoint))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(accessKeyId, "local")))
        .build();
  }

  /** A Step Functions client. */
  public static SfnClient sfn(URI endpoint) {
    return AwsClients.configure(SfnClient.builder(), local(endpoint))
        // StartSyncExecution's "sync-" host prefix cannot be put in front of 127.0.0.1.
        .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .build();
  }

  /** An EventBridge client. */
  public static EventBridgeClient eventBridge(URI endpoint) {
    return AwsClients.configure(EventBridgeClient.builder(), local(endpoint)).build();
  }

  /** An EventBridge Scheduler client. */
  public static SchedulerClient scheduler(URI endpoint) {
    return AwsClients.configure(SchedulerClient.builder(), local(endpoint)).build();
  }

  private static Environment local(URI endpoint) {
    return Environment.local(endpoint, REGION, Map.of());
  }
}
