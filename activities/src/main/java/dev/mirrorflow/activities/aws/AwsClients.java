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
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import dev.mirrorflow.activities.cluster.ClusterNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

  /** Environment variable: the hub's own account id (set by the CDK app and the local deployer). */
  public static final String HUB_ACCOUNT_VARIABLE = "MIRRORFLOW_HUB_ACCOUNT";
  /** Environment variable: the name of the member role in every member account (default {@link ClusterNames#memberRole}). */
  public static final String MEMBER_ROLE_VARIABLE = "MIRRORFLOW_MEMBER_ROLE";
  /** The partition of the hub's region (aws, aws-cn, aws-us-gov): member role ARNs are in it. */
  public static final String PARTITION_VARIABLE = "MIRRORFLOW_PARTITION";

  // One provider per endpoint, base key and role: it keeps the assumed credentials and refreshes them
  // shortly before they expire, so a warm function assumes each member role about once an hour.
  private static final Map<String, StsAssumeRoleCredentialsProvider> ASSUMED = new ConcurrentHashMap<>();

  /** An STS client. */
  public static StsClient sts(Environment env) {
    return configure(StsClient.builder(), env).build();
  }

  /** The role the cluster's steps assume in {@code account}: the member stack's role. */
  public static String memberRoleArn(Environment env, String account) {
    String cluster = env.variable("MIRRORFLOW_CLUSTER", "");
    String name = env.variable(MEMBER_ROLE_VARIABLE, ClusterNames.memberRole(cluster, null));
    return "arn:" + env.variable(PARTITION_VARIABLE, "aws") + ":iam::" + account + ":role/" + name;
  }

  /**
   * Credentials of the member role in {@code account}, through STS AssumeRole with the SDK's
   * {@link StsAssumeRoleCredentialsProvider}, cached per account until shortly before they expire.
   */
  public static StsAssumeRoleCredentialsProvider memberCredentials(Environment env, String account) {
    String roleArn = memberRoleArn(env, account);
    String key = env.endpointOverride().map(Object::toString).orElse("aws") + "|"
        + env.variable("AWS_ACCESS_KEY_ID", "") + "|" + roleArn;
    return ASSUMED.computeIfAbsent(key, k -> StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts(env))
        .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("mirrorflow-" + env.variable("MIRRORFLOW_CLUSTER", "steps")))
        .asyncCredentialUpdateEnabled(false)
        .build());
  }

  /** An EC2 client in member {@code account} (one attempt per call), signed with the member role's credentials. */
  public static Ec2Client ec2(Environment env, String account) {
    return configure(Ec2Client.builder(), env).credentialsProvider(memberCredentials(env, account))
        .overrideConfiguration(NO_SDK_RETRIES).build();
  }

  /** The hub's own account: {@value #HUB_ACCOUNT_VARIABLE}, else asked of STS (GetCallerIdentity). */
  public static String hubAccount(Environment env) {
    String account = env.variable(HUB_ACCOUNT_VARIABLE, null);
    if (account != null) {
      return account;
    }
    try (StsClient sts = sts(env)) {
      return sts.getCallerIdentity().account();
    }
  }

  /** An EventBridge client for the activities: one attempt per call, because the state machine retries. */
  public static EventBridgeClient eventBridge(Environment env) {
    return configure(EventBridgeClient.builder(), env).overrideConfiguration(NO_SDK_RETRIES).build();
  }

  /** A Step Functions client for the activities: one attempt per call, because the state machine retries. */
  public static SfnClient stepFunctions(Environment env) {
    return configure(SfnClient.builder(), env).overrideConfiguration(NO_SDK_RETRIES).build();
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
      // The local cloud's Lambda gives a function its role's key, as Lambda does; it checks no signature.
      String key = env.variable("AWS_ACCESS_KEY_ID", LOCAL_ACCESS_KEY);
      builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, LOCAL_ACCESS_KEY)));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder;
  }
}
