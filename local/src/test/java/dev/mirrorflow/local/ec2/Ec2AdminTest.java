package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Ec2AdminTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalEc2 local;

  @BeforeEach
  void start() {
    local = LocalEc2.start();
  }

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void scenario_whenPosted_seedsWorldAndAnswersIds() throws Exception {
    JsonNode answer = call("POST", "scenario", ScenarioTest.resource("/scenarios/two-subnets.json"), 200);

    String lambda = answer.get("ids").get("lambda").asText();
    assertThat(local.ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(lambda)).networkInterfaces().get(0)
        .interfaceTypeAsString()).isEqualTo("lambda");
    JsonNode state = call("GET", "state", null, 200);
    assertThat(state.get("instances")).hasSize(6);
    assertThat(state.get("sessions")).hasSize(1);
  }

  @Test
  void networkInterfacesAndSessions_whenChangedOutOfBand_showThroughTheApi() throws Exception {
    Worlds w = Worlds.vpcWithTwoSubnets(local.world);
    String instanceId = local.world.runInstances(w.subnetA, "m5.large", 1, java.util.Map.of(), java.util.Map.of()).get(0).id();
    JsonNode eni = call("POST", "network-interfaces",
        "{\"subnetId\":\"" + w.subnetA + "\",\"interfaceType\":\"interface\",\"instanceId\":\"" + instanceId
            + "\",\"tags\":{\"k\":\"v\"}}", 200);
    String eniId = eni.get("id").asText();
    assertThat(eni.get("attachment").get("deviceIndex").asInt()).isEqualTo(1);
    MirrorTarget target = local.world.createTarget(null, null, null, "vpce-0123456789abcdef0", null, null);
    MirrorFilter filter = local.world.createFilter(null, null, null);
    MirrorSession session = local.world.createSession(
        new Ec2World.NewSession(null, eniId, target.id(), filter.id(), 1, null, null, null, null));

    call("DELETE", "sessions/" + session.id(), null, 200);
    assertThat(local.ec2.describeTrafficMirrorSessions(b -> {}).trafficMirrorSessions()).isEmpty();
    call("DELETE", "sessions/" + session.id(), null, 404);

    call("DELETE", "network-interfaces/" + eniId, null, 200);
    assertThat(local.world.networkInterface(eniId)).isEmpty();
  }

  @Test
  void knobsFaultsAndCalls_whenSetOverHttp_takeEffect() throws Exception {
    JsonNode knobs = call("POST", "knobs",
        "{\"sessionLimit\":5,\"throttling\":true,\"describeBucket\":{\"capacity\":1,\"refillPerSecond\":0.001},"
            + "\"latencyMillis\":{\"min\":0,\"max\":0},\"unsupportedInstanceTypes\":[\"x1.*\"]}", 200);
    assertThat(knobs.get("sessionLimit").asInt()).isEqualTo(5);
    assertThat(local.service.knobs().describeBucket().capacity()).isEqualTo(1);
    assertThat(local.service.knobs().supportsMirroring("t2.micro")).isTrue();
    local.cloud.clock().setSpeed(1e-6);
    local.ec2.describeVpcs();
    assertThat(SdkErrors.codeOf(() -> local.ec2.describeVpcs())).isEqualTo("RequestLimitExceeded");

    call("POST", "knobs", "{\"throttling\":false}", 200);
    call("POST", "faults", "{\"action\":\"DescribeVpcs\",\"count\":1,\"code\":\"Unavailable\"}", 200);
    assertThat(SdkErrors.codeOf(() -> local.ec2.describeVpcs())).isEqualTo("Unavailable");
    local.ec2.describeVpcs();

    JsonNode calls = call("GET", "calls", null, 200);
    assertThat(calls.get("byAction").get("DescribeVpcs").asLong()).isEqualTo(4);
    assertThat(calls.get("total").asLong()).isEqualTo(4);
    call("POST", "reset", null, 200);
    assertThat(local.service.knobs().sessionLimit()).isEqualTo(Ec2Knobs.DEFAULT_SESSION_LIMIT);
    assertThat(call("GET", "calls", null, 200).get("total").asLong()).isZero();
  }

  @Test
  void admin_whenRouteUnknownOrBodyBad_answersJsonErrors() throws Exception {
    assertThat(call("GET", "nothing-here", null, 404).get("error").asText()).isEqualTo("NotFound");
    assertThat(call("POST", "scenario", "{\"vpcs\":[{\"colour\":1}]}", 400).get("message").asText()).contains("colour");
    assertThat(call("POST", "knobs", "not json", 400).get("error").asText()).isEqualTo("InvalidRequest");
  }

  private JsonNode call(String method, String route, String body, int expectedStatus) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(local.cloud.endpoint() + Ec2Admin.PREFIX + route))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("content-type", "application/json")
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + route + ": " + response.body()).isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }
}
