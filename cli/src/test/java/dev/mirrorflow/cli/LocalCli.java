package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.sfn.Execution;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A local cloud seeded with the bundled demo scenario and a cluster deployed on it, and the CLI
 * pointed at it: what every CLI test runs against.
 */
final class LocalCli implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "t";
  /** Fast enough for remove-vpc's wait, slow enough that a Lambda step's 60 s are a few real seconds. */
  static final double SPEED = 10;

  final LocalSetup setup;
  final LocalCloud cloud;
  final Ec2World world;
  final Map<String, String> ids;
  final String vpc;

  LocalCli() {
    this(SPEED);
  }

  /** At {@code speed} 1 no scheduled scan comes within a test's few seconds to interfere. */
  LocalCli(double speed) {
    setup = LocalSetup.start(0, LocalClock.speeded(speed), LocalSetup.scenario("demo"), CLUSTER);
    cloud = setup.cloud();
    world = cloud.ec2().world();
    ids = setup.ids();
    vpc = ids.get("shop");
  }

  /** What one command line did. */
  record Result(int code, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
    }
  }

  /** Runs a command line against the local cloud (endpoint and cluster given first). */
  Result run(String... args) {
    List<String> line = new ArrayList<>(List.of("--endpoint-url", cloud.endpoint().toString(), "--cluster", CLUSTER));
    line.addAll(List.of(args));
    return runRaw(line.toArray(String[]::new));
  }

  /** Runs a command line as given. */
  static Result runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Mirrorflow.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  String primaryEni(String instanceId) {
    return world.networkInterfaces().stream()
        .filter(n -> n.attachment() != null && instanceId.equals(n.attachment().instanceId())
            && n.attachment().deviceIndex() == 0)
        .map(NetworkInterface::id).findFirst().orElseThrow();
  }

  /**
   * The ENIs of the demo VPC that can be mirrored (without --mirror-managed-databases): web-1's two, web-2's,
   * api's (m7i) and checkout's (c7i); search's m8i is refused by the demo scenario's local cloud.
   */
  Set<String> eligibleEnis() {
    return new TreeSet<>(List.of(primaryEni(ids.get("web-1")), ids.get("web-1-data"), primaryEni(ids.get("web-2")),
        primaryEni(ids.get("api")), primaryEni(ids.get("checkout"))));
  }

  List<MirrorSession> ownedSessions() {
    return world.sessions().stream()
        .filter(s -> CLUSTER.equals(world.tags(s.id()).get("mirrorflow:cluster")))
        .toList();
  }

  Set<String> ownedEnis() {
    return ownedSessions().stream().map(MirrorSession::networkInterfaceId).collect(Collectors.toCollection(TreeSet::new));
  }

  MirrorSession foreign() {
    return world.session(ids.get("foreign")).orElseThrow();
  }

  /** Everything a command could change: sessions with their tags, rules, schedules, executions. */
  Map<String, Object> snapshot() {
    Map<String, Object> state = new TreeMap<>();
    world.sessions().forEach(s -> state.put(s.id(), List.of(s, world.tags(s.id()))));
    state.put("rules", rules("default") + rules("mirrorflow-" + CLUSTER));
    state.put("schedules", cloud.server().dispatch(new LocalRequest("GET", "/schedules", "", Map.of(), null))
        .bodyAsString());
    state.put("executions", cloud.stepFunctions().executions().stream().map(Execution::arn).sorted().toList());
    return state;
  }

  /** The rules of a bus, with their state, as ListRules answers. */
  String rules(String bus) {
    return cloud.server().dispatch(LocalRequest.awsJson("AWSEvents.ListRules",
        JSON.createObjectNode().put("EventBusName", bus).toString())).bodyAsString();
  }

  /** A rule's targets, as ListTargetsByRule answers, or null when the rule does not exist. */
  JsonNode targets(String bus, String rule) {
    var response = cloud.server().dispatch(LocalRequest.awsJson("AWSEvents.ListTargetsByRule",
        JSON.createObjectNode().put("EventBusName", bus).put("Rule", rule).toString()));
    if (response.status() != 200) {
      return null;
    }
    try {
      return JSON.readTree(response.bodyAsString()).path("Targets");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A rule as DescribeRule answers, or null when it does not exist. */
  JsonNode rule(String bus, String rule) {
    var response = cloud.server().dispatch(LocalRequest.awsJson("AWSEvents.DescribeRule",
        JSON.createObjectNode().put("EventBusName", bus).put("Name", rule).toString()));
    try {
      return response.status() == 200 ? JSON.readTree(response.bodyAsString()) : null;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The VPC's schedule (its registration) as GetSchedule answers, or null when it does not exist. */
  JsonNode schedule() {
    return schedule(vpc);
  }

  /** Enables the VPC's schedule again as an add-vpc's UpdateSchedule would; answers the HTTP status. */
  int enableSchedule() {
    com.fasterxml.jackson.databind.node.ObjectNode definition = (com.fasterxml.jackson.databind.node.ObjectNode) schedule();
    com.fasterxml.jackson.databind.node.ObjectNode update = JSON.createObjectNode()
        .put("GroupName", "mirrorflow-" + CLUSTER).put("State", "ENABLED")
        .put("ScheduleExpression", definition.path("ScheduleExpression").asText());
    update.set("FlexibleTimeWindow", definition.path("FlexibleTimeWindow"));
    update.set("Target", definition.path("Target"));
    update.set("Description", definition.path("Description"));
    return cloud.server().dispatch(new LocalRequest("PUT", "/schedules/" + vpc, "", Map.of(),
        update.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))).status();
  }

  JsonNode schedule(String vpcId) {
    var response = cloud.server().dispatch(new LocalRequest("GET", "/schedules/" + vpcId,
        "groupName=mirrorflow-" + CLUSTER, Map.of(), null));
    return response.status() == 200 ? parse(response.bodyAsString()) : null;
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /**
   * Waits until {@code condition} holds (checking every 20 ms: the local EC2 has no change feed) or
   * ten virtual minutes pass; returns whether it held.
   */
  boolean awaitCondition(java.util.function.BooleanSupplier condition) {
    java.time.Instant deadline = cloud.clock().instant().plus(Duration.ofMinutes(10));
    while (!condition.getAsBoolean()) {
      if (cloud.clock().instant().isAfter(deadline)) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** How many executions of one of the cluster's workflows were started. */
  long stepFunctionsExecutions(String workflow) {
    String arn = setup.deployment().stateMachineArn(workflow);
    return cloud.stepFunctions().executions().stream().filter(e -> e.stateMachineArn().equals(arn)).count();
  }

  Execution execution(String arn) {
    return cloud.stepFunctions().execution(arn).orElseThrow();
  }

  Execution await(String arn) {
    return execution(arn).await(Duration.ofMinutes(10));
  }

  @Override
  public void close() {
    setup.close();
  }
}
