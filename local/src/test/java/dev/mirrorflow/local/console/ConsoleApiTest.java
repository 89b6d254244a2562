package dev.mirrorflow.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Scenario;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The JSON the console's pages read, on a local cloud where add-vpc has mirrored a small VPC. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "console";
  static final String SCENARIO = """
      {"vpcs":[{"ref":"shop","cidrBlock":"10.20.0.0/16","tags":{"Name":"shop"}}],
       "subnets":[{"ref":"web","vpc":"shop","cidrBlock":"10.20.1.0/24","availabilityZone":"us-east-1a"},
                  {"ref":"jobs","vpc":"shop","cidrBlock":"10.20.3.0/24","availabilityZone":"us-east-1b"}],
       "instances":[{"ref":"web-1","subnet":"web","instanceType":"m5.large"},
                    {"ref":"web-2","subnet":"web","instanceType":"c5.xlarge"},
                    {"ref":"cron","subnet":"jobs","instanceType":"t2.micro"}],
       "networkInterfaces":[{"ref":"lambda","subnet":"jobs","interfaceType":"lambda","requesterManaged":true},
                            {"ref":"spare","subnet":"web"}],
       "targets":[{"ref":"capture","gatewayLoadBalancerEndpointId":"vpce-0fedcba9876543210"},
                  {"ref":"ids","networkLoadBalancerArn":"arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/ids/0123456789abcdef"}],
       "filters":[{"ref":"all","description":"everything","rules":[
         {"trafficDirection":"ingress","ruleNumber":100,"ruleAction":"accept","sourceCidrBlock":"0.0.0.0/0","destinationCidrBlock":"0.0.0.0/0"},
         {"trafficDirection":"egress","ruleNumber":100,"ruleAction":"accept","sourceCidrBlock":"0.0.0.0/0","destinationCidrBlock":"0.0.0.0/0"}]}],
       "sessions":[{"ref":"foreign","networkInterface":"web-2","target":"ids","filter":"all","sessionNumber":1,
                    "virtualNetworkId":4242,"tags":{"owner":"security-team"}}]}""";

  LocalCloud cloud;
  ConsoleApi api;
  Map<String, String> ids;
  String vpc;
  Execution addVpc;
  Execution reconcile;

  @BeforeAll
  void addVpc() throws Exception {
    cloud = LocalCloud.create(0, LocalClock.speeded(4)).start();
    ids = cloud.ec2().seed(Scenario.parse(SCENARIO));
    vpc = ids.get("shop");
    Deployment deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), ids.get("capture"), ids.get("all"));
    cloud.putStateChangeRule(CLUSTER, LocalCloud.stateMachinesDirectory(), deployment);
    addVpc = cloud.stepFunctions().startExecution(deployment.stateMachineArn("add-vpc"), "add-" + vpc,
        JSON.createObjectNode().put("vpcId", vpc).toString()).await(Duration.ofMinutes(2));
    assertThat(addVpc.status()).as("%s %s", addVpc.error(), addVpc.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    reconcile = cloud.stepFunctions().executions(deployment.stateMachineArn("reconcile-vpc")).get(0);
    api = new ConsoleApi(cloud);
  }

  @AfterAll
  void stop() {
    cloud.close();
  }

  JsonNode get(String route, Map<String, String> params) {
    ConsoleApi.Answer answer = api.get(route, params);
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
    return answer.body();
  }

  String primaryEni(String instanceRef) {
    String instance = ids.get(instanceRef);
    return cloud.ec2().world().networkInterfaces().stream()
        .filter(e -> e.attachment() != null && e.attachment().instanceId().equals(instance) && e.attachment().deviceIndex() == 0)
        .findFirst().orElseThrow().id();
  }

  @Test
  void stateMachines_whenAddVpcRan_countsExecutionsByStatus() {
    JsonNode list = get("state-machines", Map.of()).path("stateMachines");

    Map<String, JsonNode> byName = new HashMap<>();
    list.forEach(sm -> byName.put(sm.path("name").asText(), sm));
    assertThat(byName).containsKeys("mirrorflow-console-add-vpc", "mirrorflow-console-reconcile-vpc");
    JsonNode add = byName.get("mirrorflow-console-add-vpc");
    assertThat(add.path("type").asText()).isEqualTo("STANDARD");
    assertThat(add.path("executions").path("SUCCEEDED").asInt()).isEqualTo(1);
    assertThat(add.path("executions").path("FAILED").asInt()).isZero();
    assertThat(byName.get("mirrorflow-console-reconcile-vpc").path("total").asInt()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void executions_whenFilteredByVpcAndStatus_listsOnlyThoseNewestFirst() {
    JsonNode answer = get("executions", Map.of("vpc", vpc, "status", "succeeded"));

    List<String> arns = new ArrayList<>();
    answer.path("executions").forEach(e -> {
      arns.add(e.path("arn").asText());
      assertThat(e.path("vpcId").asText()).isEqualTo(vpc);
      assertThat(e.path("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(e.path("durationMillis").asLong()).isNotNegative();
    });
    assertThat(arns).contains(addVpc.arn(), reconcile.arn());
    assertThat(arns.indexOf(reconcile.arn())).isLessThan(arns.indexOf(addVpc.arn()));
    assertThat(get("executions", Map.of("vpc", "vpc-00000000000000000")).path("executions")).isEmpty();
    assertThat(get("executions", Map.of("status", "ABORTED", "stateMachine", "mirrorflow-console-add-vpc"))
        .path("executions")).isEmpty();
  }

  @Test
  void executions_whenStatusUnknown_isABadRequest() {
    ConsoleApi.Answer answer = api.get("executions", Map.of("status", "DONE"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("message").asText()).contains("SUCCEEDED");
  }

  @Test
  void execution_whenReconcileOfAddVpc_drawsItsStatesWithWhatHappenedAndLinksItsParent() {
    JsonNode answer = get("execution", Map.of("arn", reconcile.arn()));

    assertThat(answer.path("execution").path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(answer.path("parent").path("arn").asText()).isEqualTo(addVpc.arn());
    JsonNode states = answer.path("states");
    assertThat(states.path("PlanVpc").path("status").asText()).isEqualTo("succeeded");
    assertThat(states.path("ReconcileSubnets").path("status").asText()).isEqualTo("succeeded");
    assertThat(states.path("ReconcileSubnets/PlanSubnet").path("status").asText()).isEqualTo("succeeded");
    assertThat(states.path("ReconcileSubnets/PlanSubnet").path("runs").get(0).path("output").asText()).contains("subnet-");
    List<String> drawn = new ArrayList<>();
    WorkflowLayoutTest.nodeIds(answer.path("graph"), drawn);
    assertThat(drawn).contains("PlanVpc", "ReconcileSubnets/PlanSubnet");
    // Every state the history names is drawn.
    answer.path("states").fieldNames().forEachRemaining(path -> assertThat(drawn).contains(path));
    assertThat(answer.path("history").get(0).path("type").asText()).isEqualTo("ExecutionStarted");
  }

  @Test
  void execution_whenAddVpc_namesTheReconcileItStartedAsAChild() {
    JsonNode answer = get("execution", Map.of("arn", addVpc.arn()));

    assertThat(answer.path("children")).hasSize(1);
    assertThat(answer.path("children").get(0).path("arn").asText()).isEqualTo(reconcile.arn());
    assertThat(answer.path("children").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(answer.path("states").path("FirstReconcile").path("runs").get(0).path("children").get(0).asText())
        .isEqualTo(reconcile.arn());
  }

  @Test
  void execution_whenNoSuchArn_isABadRequest() {
    assertThat(api.get("execution", Map.of("arn", "arn:aws:states:us-east-1:000000000000:execution:x:y")).status())
        .isEqualTo(400);
  }

  @Test
  void mirroring_whenRegistered_classifiesEveryEniAsTheProductDoes() {
    JsonNode answer = get("mirroring", Map.of());

    assertThat(answer.path("vpcs")).hasSize(1);
    JsonNode v = answer.path("vpcs").get(0);
    assertThat(v.path("vpcId").asText()).isEqualTo(vpc);
    assertThat(v.path("cluster").asText()).isEqualTo(CLUSTER);
    assertThat(v.path("active").asBoolean()).isTrue();
    assertThat(v.path("config").path("targetId").asText()).isEqualTo(ids.get("capture"));
    Map<String, JsonNode> enis = new HashMap<>();
    v.path("subnets").forEach(s -> s.path("enis").forEach(e -> enis.put(e.path("eniId").asText(), e)));
    assertThat(enis).containsKeys(primaryEni("web-1"), primaryEni("web-2"), primaryEni("cron"), ids.get("lambda"), ids.get("spare"));
    JsonNode web1 = enis.get(primaryEni("web-1"));
    assertThat(web1.path("verdict").asText()).isEqualTo("mirrored");
    assertThat(web1.path("instanceType").asText()).isEqualTo("m5.large");
    String owned = web1.path("owned").get(0).path("sessionId").asText();
    assertThat(cloud.ec2().world().session(owned)).isPresent();
    assertThat(cloud.ec2().world().session(owned).orElseThrow().networkInterfaceId()).isEqualTo(primaryEni("web-1"));
    JsonNode web2 = enis.get(primaryEni("web-2"));
    assertThat(web2.path("verdict").asText()).isEqualTo("mirrored");
    assertThat(web2.path("foreign").get(0).path("sessionId").asText()).isEqualTo(ids.get("foreign"));
    assertThat(web2.path("owned").get(0).path("sessionNumber").asInt()).isEqualTo(2);
    assertThat(enis.get(primaryEni("cron")).path("reason").asText()).isEqualTo("instanceTypeUnsupported");
    assertThat(enis.get(ids.get("lambda")).path("reason").asText()).isEqualTo("notInterfaceType");
    assertThat(enis.get(ids.get("spare")).path("reason").asText()).isEqualTo("notAttachedToInstance");
    long ownedInWorld = cloud.ec2().world().sessions().stream()
        .filter(x -> CLUSTER.equals(cloud.ec2().world().tags(x.id()).get("mirrorflow:cluster"))).count();
    assertThat(v.path("counts").path("mirrored").asLong() + v.path("counts").path("pending").asLong()).isEqualTo(ownedInWorld);
    assertThat(v.path("counts").path("instanceTypeUnsupported").asInt()).isEqualTo(1);
    assertThat(v.path("counts").path("notInterfaceType").asInt()).isEqualTo(1);
    assertThat(v.path("lastReconcile").path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(v.path("lastReconcile").path("stateMachine").asText()).isEqualTo("mirrorflow-console-reconcile-vpc");
  }

  @Test
  void mirroring_whenTrafficIsInjected_countsThePacketsEachOwnedSessionMirrored() throws Exception {
    String eni = primaryEni("web-1");
    long before = ownedOf(eni).path("packetsMirrored").asLong();
    try (java.net.DatagramSocket receiver = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
    cloud.dataPlane().deliverTo(ids.get("capture"), (java.net.InetSocketAddress) receiver.getLocalSocketAddress());

    long mirrored = cloud.dataPlane().injectConversation(eni, true, java.net.InetAddress.getByName("10.0.9.9"), 80,
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .stream().filter(dev.mirrorflow.local.dataplane.Injection::mirrored).count();

    assertThat(mirrored).as("packets the accept-all filter mirrors").isPositive();
    assertThat(ownedOf(eni).path("packetsMirrored").asLong()).isEqualTo(before + mirrored);
    }
  }

  private JsonNode ownedOf(String eniId) {
    for (JsonNode s : get("mirroring", Map.of()).path("vpcs").get(0).path("subnets")) {
      for (JsonNode e : s.path("enis")) {
        if (e.path("eniId").asText().equals(eniId)) {
          return e.path("owned").get(0);
        }
      }
    }
    throw new AssertionError("no ENI " + eniId + " on the mirroring page");
  }

  @Test
  void events_whenAnInstanceLaunches_showsTheRuleItMatchedAndTheExecutionItStarted() throws Exception {
    cloud.ec2().world().runInstances(cloud.ec2().world().subnets().get(0).id(), "m5.large", 1, Map.of(), Map.of());
    assertThat(cloud.events().awaitIdle(Duration.ofSeconds(60))).isTrue();

    JsonNode answer = get("events", Map.of());

    JsonNode launched = null;
    for (JsonNode e : answer.path("events")) {
      if (e.path("source").asText().equals("aws.ec2") && e.path("matches").size() > 0) {
        launched = e;
        break;
      }
    }
    assertThat(launched).as("an EC2 event in %s", answer.path("events")).isNotNull();
    assertThat(launched.path("bus").asText()).isEqualTo("default");
    JsonNode match = launched.path("matches").get(0);
    assertThat(match.path("rule").asText()).isEqualTo("mirrorflow-console-state-changes");
    String started = match.path("deliveries").get(0).path("executionArn").asText();
    assertThat(cloud.stepFunctions().execution(started)).isPresent();
    assertThat(started).contains("mirrorflow-console-event-router");
    List<String> rules = new ArrayList<>();
    answer.path("rules").forEach(r -> rules.add(r.path("name").asText()));
    assertThat(rules).as("the state-change rule, and the VPC's schedule").contains(vpc, "mirrorflow-console-state-changes");
  }

  @Test
  void server_whenAsked_servesThePagesAndTheApiOnLoopbackOnly() throws Exception {
    URI url = cloud.consoleUrl();
    HttpClient http = HttpClient.newHttpClient();

    assertThat(url.getHost()).isEqualTo("127.0.0.1");
    assertThat(url).isNotEqualTo(cloud.endpoint());
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("console.js");
    HttpResponse<String> script = http.send(HttpRequest.newBuilder(url.resolve("console.js")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
    HttpResponse<String> json = http.send(HttpRequest.newBuilder(url.resolve("api/executions?vpc=" + vpc)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(json.body()).path("executions").size()).isGreaterThanOrEqualTo(2);
    assertThat(http.send(HttpRequest.newBuilder(url.resolve("nothing.html")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(404);
    assertThat(http.send(HttpRequest.newBuilder(url.resolve("api/nothing")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(404);
  }
}
