package dev.mirrorflow.cli;

import dev.mirrorflow.activities.aws.AwsFailures;
import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.SdkEc2Mirroring;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.TransientRegistryException;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

/**
 * The AWS (or local cloud) a command talks to: its clients, built once, and the cluster's state
 * machines, found by name.
 */
final class Cloud implements AutoCloseable {
  private final Mirrorflow options;
  private final Environment environment;
  private SfnClient sfn;
  private EventBridgeClient events;
  private SchedulerClient scheduler;
  private Ec2Client ec2;
  private final Map<String, Ec2Client> memberEc2 = new HashMap<>();
  private Map<String, String> stateMachineArns;

  Cloud(Mirrorflow options) {
    this.options = options;
    URI endpoint = options.endpointUrl;
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
      throw new BadInputException(
          "--endpoint-url must be a URL such as http://127.0.0.1:4566, got '" + endpoint + "'");
    }
    this.environment =
        endpoint != null && isLoopback(endpoint)
            ? Environment.local(endpoint, options.region(), Map.of())
            : new Environment(options.region(), Optional.ofNullable(endpoint), false, Map.of());
  }

  String cluster() {
    return options.cluster();
  }

  String region() {
    return environment.region();
  }

  boolean isLocal() {
    return environment.localCredentials();
  }

  synchronized SfnClient sfn() {
    if (sfn == null) {
      sfn = cli(AwsClients.configure(SfnClient.builder(), environment)).build();
    }
    return sfn;
  }

  synchronized SchedulerClient scheduler() {
    if (scheduler == null) {
      scheduler = AwsClients.configure(SchedulerClient.builder(), environment).build();
    }
    return scheduler;
  }

  synchronized EventBridgeClient events() {
    if (events == null) {
      events = cli(AwsClients.configure(EventBridgeClient.builder(), environment)).build();
    }
    return events;
  }

  synchronized Ec2Client ec2() {
    if (ec2 == null) {
      ec2 = cli(AwsClients.configure(Ec2Client.builder(), environment)).build();
    }
    return ec2;
  }

  /**
   * An EC2 client in {@code account} (null: this principal's own): a member account's through its
   * member role, assumed with STS (this principal must be trusted by it).
   */
  synchronized Ec2Client ec2(String account) {
    if (account == null) {
      return ec2();
    }
    return memberEc2.computeIfAbsent(account, a -> {
      Map<String, String> vars = new HashMap<>(environment.variables());
      vars.put("MIRRORFLOW_CLUSTER", cluster());
      Environment member = new Environment(environment.region(), environment.endpointOverride(),
          environment.localCredentials(), vars);
      return cli(AwsClients.configure(Ec2Client.builder(), environment))
          .credentialsProvider(AwsClients.memberCredentials(member, a)).build();
    });
  }

  /** The EC2 calls of the steps in {@code account} (null: this principal's own). */
  Ec2Mirroring mirroring(String account) {
    return new SdkEc2Mirroring(ec2(account));
  }

  /** The name of one of this cluster's state machines, from its definition file's stem. */
  String stateMachineName(String stem) {
    return "mirrorflow-" + cluster() + "-" + stem;
  }

  /** The ARN of one of this cluster's state machines, e.g. {@code stateMachineArn("add-vpc")}. */
  synchronized String stateMachineArn(String stem) {
    if (stateMachineArns == null) {
      Map<String, String> found = new HashMap<>();
      String token = null;
      do {
        String next = token;
        ListStateMachinesResponse page =
            call(() -> sfn().listStateMachines(b -> b.maxResults(1000).nextToken(next)));
        for (StateMachineListItem item : page.stateMachines()) {
          found.put(item.name(), item.stateMachineArn());
        }
        token = page.nextToken();
      } while (token != null);
      stateMachineArns = found;
    }
    String arn = stateMachineArns.get(stateMachineName(stem));
    if (arn == null) {
      throw new BadInputException(
          "cluster '" + cluster() + "' has no state machine " + stateMachineName(stem)
              + " in " + where() + ": check --cluster and --region, or deploy the cluster first");
    }
    return arn;
  }

  /** The time now, for "read at" lines. */
  java.time.Instant now() {
    return java.time.Instant.now();
  }

  /** Where the commands are sent, for messages. */
  String where() {
    return environment.endpointOverride().map(URI::toString).orElse("region " + region());
  }

  /** A link to an execution: the Step Functions console on AWS, the describe command locally. */
  String executionLink(String executionArn) {
    if (environment.endpointOverride().isPresent()) {
      return "aws --endpoint-url " + environment.endpointOverride().get()
          + " stepfunctions describe-execution --execution-arn " + executionArn;
    }
    return "https://" + region() + ".console.aws.amazon.com/states/home?region=" + region()
        + "#/v2/executions/details/" + executionArn;
  }

  /** The EC2 calls Mirrorflow's steps make, on this cloud: the one EC2 interface of the project. */
  Ec2Mirroring mirroring() {
    return new SdkEc2Mirroring(ec2());
  }

  /** The registrations, read as the steps read them. */
  SchedulerVpcRegistry registry() {
    return new SchedulerVpcRegistry(scheduler());
  }

  /**
   * The CLI's clients: an answer within {@link #SOCKET_TIMEOUT} or a clear failure (an https:// URL
   * to a plain-HTTP port never answers the TLS handshake), and retries only where the service asked
   * for them (throttling, 5xx): an unreachable endpoint or missing credentials are reported at once.
   */
  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B cli(B builder) {
    builder.httpClientBuilder(
        UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT));
    // Without the client's defaults, which would also retry I/O errors (four times 30 s for a TLS mismatch).
    builder.overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.standardStrategyBuilder()
        .useClientDefaults(false)
        .retryOnException(Cloud::serviceAskedToRetry)
        .treatAsThrottling(e -> e instanceof AwsServiceException service && service.isThrottlingException())
        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(10)))
        .maxAttempts(3)
        .build()));
    return builder;
  }

  /** How long the CLI waits to connect. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long the CLI waits for an answer (every call it makes is a short read). */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

  private static boolean serviceAskedToRetry(Throwable e) {
    return e instanceof AwsServiceException service && AwsFailures.isTransient(service);
  }

  /** Runs an AWS call, turning "cannot connect" and "no credentials" into one line that says what to do. */
  <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkClientException | TransientEc2Exception | TransientRegistryException e) {
      SdkClientException client = e instanceof SdkClientException c ? c
          : e.getCause() instanceof SdkClientException c ? c : null;
      if (client == null) {
        throw e;
      }
      throw new BadInputException(diagnose(client), e);
    }
  }

  /** One line: missing credentials, or what kept the endpoint from answering and what to check. */
  private String diagnose(SdkClientException e) {
    if (!isLocal() && !credentialsResolve()) {
      return "no AWS credentials found (environment, profile, SSO or instance role): set AWS_PROFILE or"
          + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws configure` / `aws sso login`; nothing was started";
    }
    String why = reason(e);
    boolean https = environment.endpointOverride().map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false);
    String hint;
    if (https && (why.startsWith("no answer") || why.startsWith("TLS"))) {
      hint = "if it serves plain HTTP (the local cloud does), use http:// in --endpoint-url";
    } else if (environment.endpointOverride().isPresent()) {
      hint = "is `mirrorflow local` running there? check --endpoint-url";
    } else {
      hint = "check your network and --region";
    }
    return "cannot reach AWS at " + where() + ": " + why + " (" + hint + ")";
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
        return "no answer within " + SOCKET_TIMEOUT.toSeconds() + " s";
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return "TLS handshake failed";
      }
    }
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  private static boolean credentialsResolve() {
    try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
      chain.resolveCredentials();
      return true;
    } catch (SdkClientException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (sfn != null) {
      sfn.close();
    }
    if (events != null) {
      events.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
    memberEc2.values().forEach(Ec2Client::close);
    if (ec2 != null) {
      ec2.close();
    }
  }

  private static boolean isLoopback(URI endpoint) {
    try {
      return InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
