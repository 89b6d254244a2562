package dev.mirrorflow.cli;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.SdkEc2Mirroring;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.TransientRegistryException;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
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
      sfn = AwsClients.configure(SfnClient.builder(), environment).build();
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
      events = AwsClients.configure(EventBridgeClient.builder(), environment).build();
    }
    return events;
  }

  synchronized Ec2Client ec2() {
    if (ec2 == null) {
      ec2 = AwsClients.configure(Ec2Client.builder(), environment).build();
    }
    return ec2;
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

  /** Runs an AWS call, turning "cannot connect" into a message that says what to check. */
  <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkClientException | TransientEc2Exception | TransientRegistryException e) {
      if (!(e instanceof SdkClientException) && !(e.getCause() instanceof SdkClientException)) {
        throw e;
      }
      throw new BadInputException(
          "cannot reach AWS at " + where() + ": " + e.getMessage()
              + (environment.endpointOverride().isPresent()
                  ? " (is `mirrorflow local` running there? check --endpoint-url)"
                  : " (check your network, --region and credentials)"),
          e);
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
