package dev.mirrorflow.activities.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The adapter on the real SDK client over HTTP, against canned EC2 query-protocol answers on
 * loopback: the form parameters it sends, and how EC2's XML errors reach the mapping.
 */
class SdkEc2MirroringWireTest {
  static final String NS = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";

  record Answer(int status, String body) {}

  HttpServer server;
  Ec2Client client;
  SdkEc2Mirroring ec2;
  final Deque<Answer> answers = new ArrayDeque<>();
  final List<Map<String, String>> requests = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
        String[] kv = pair.split("=", 2);
        form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
      synchronized (requests) {
        requests.add(form);
      }
      Answer answer = answers.poll();
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    client = AwsClients.ec2(Environment.local(endpoint, "us-east-1", Map.of()));
    ec2 = new SdkEc2Mirroring(client);
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  static Answer error(int status, String code) {
    return new Answer(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code
        + "</Code><Message>" + code + " says EC2</Message></Error></Errors><RequestID>r-1</RequestID></Response>");
  }

  @Test
  void createSession_whenAccepted_sendsQueryParametersOfTheRealApi() {
    answers.add(new Answer(200, "<CreateTrafficMirrorSessionResponse " + NS + "><requestId>r-1</requestId>"
        + "<trafficMirrorSession><trafficMirrorSessionId>tms-0123456789abcdef0</trafficMirrorSessionId>"
        + "</trafficMirrorSession><clientToken>mf1-abc</clientToken></CreateTrafficMirrorSessionResponse>"));

    CreateOutcome outcome = ec2.createSession(new NewSession("blue", "vpc-00000000000000001",
        "subnet-00000000000000001", "eni-0000000000000000a", "tmt-0000000000000000a", "tmf-0000000000000000a",
        2, 4242, 128, "mf1-abc"));

    assertThat(outcome.sessionId()).isEqualTo("tms-0123456789abcdef0");
    Map<String, String> form = requests.get(0);
    assertThat(form).containsEntry("Action", "CreateTrafficMirrorSession")
        .containsEntry("NetworkInterfaceId", "eni-0000000000000000a")
        .containsEntry("TrafficMirrorTargetId", "tmt-0000000000000000a")
        .containsEntry("TrafficMirrorFilterId", "tmf-0000000000000000a")
        .containsEntry("SessionNumber", "2")
        .containsEntry("VirtualNetworkId", "4242")
        .containsEntry("PacketLength", "128")
        .containsEntry("ClientToken", "mf1-abc")
        .containsEntry("TagSpecification.1.ResourceType", "traffic-mirror-session")
        .containsEntry("TagSpecification.1.Tag.1.Key", "mirrorflow:cluster")
        .containsEntry("TagSpecification.1.Tag.1.Value", "blue")
        .containsEntry("TagSpecification.1.Tag.2.Key", "mirrorflow:vpc")
        .containsEntry("TagSpecification.1.Tag.3.Key", "mirrorflow:subnet")
        .containsEntry("TagSpecification.1.Tag.4.Key", "mirrorflow:client-token")
        .containsEntry("TagSpecification.1.Tag.4.Value", "mf1-abc");
  }

  @Test
  void createSession_whenEc2AnswersXmlErrors_mapsTheirCodes() {
    answers.add(error(400, "NetworkInterfaceNotSupported"));
    answers.add(error(503, "RequestLimitExceeded"));
    answers.add(error(403, "UnauthorizedOperation"));
    NewSession session = new NewSession("blue", "vpc-00000000000000001", "subnet-00000000000000001",
        "eni-0000000000000000a", "tmt-0000000000000000a", "tmf-0000000000000000a", 1, null, null, "mf1-abc");

    assertThat(ec2.createSession(session).errorCode()).isEqualTo("NetworkInterfaceNotSupported");
    assertThatThrownBy(() -> ec2.createSession(session)).isInstanceOf(TransientEc2Exception.class)
        .hasMessageContaining("RequestLimitExceeded");
    assertThat(ec2.createSession(session).errorCode()).as("every refusal is the ENI's outcome")
        .isEqualTo("UnauthorizedOperation");
    assertThat(requests).as("one attempt per call: the state machine retries").hasSize(3);
    assertThat(requests.get(0)).doesNotContainKeys("VirtualNetworkId", "PacketLength");
  }

  @Test
  void networkInterfaces_whenPaged_followsNextTokenWithFilters() {
    answers.add(new Answer(200, "<DescribeNetworkInterfacesResponse " + NS + "><requestId>r</requestId>"
        + "<networkInterfaceSet><item><networkInterfaceId>eni-0000000000000000a</networkInterfaceId>"
        + "<subnetId>subnet-00000000000000001</subnetId><interfaceType>interface</interfaceType>"
        + "<requesterManaged>false</requesterManaged><attachment><instanceId>i-00000000000000001</instanceId>"
        + "</attachment><tagSet><item><key>team</key><value>red</value></item></tagSet></item></networkInterfaceSet>"
        + "<nextToken>page-2</nextToken></DescribeNetworkInterfacesResponse>"));
    answers.add(new Answer(200, "<DescribeNetworkInterfacesResponse " + NS + "><requestId>r</requestId>"
        + "<networkInterfaceSet><item><networkInterfaceId>eni-0000000000000000b</networkInterfaceId>"
        + "<subnetId>subnet-00000000000000001</subnetId><interfaceType>natGateway</interfaceType>"
        + "<requesterManaged>true</requesterManaged></item></networkInterfaceSet>"
        + "</DescribeNetworkInterfacesResponse>"));

    List<NetworkInterface> enis = ec2.networkInterfaces("vpc-00000000000000001", List.of("subnet-00000000000000001"));

    assertThat(enis).containsExactly(
        new NetworkInterface("eni-0000000000000000a", "subnet-00000000000000001", "interface", false,
            "i-00000000000000001", Map.of("team", "red")),
        new NetworkInterface("eni-0000000000000000b", "subnet-00000000000000001", "natGateway", true, null, Map.of()));
    assertThat(requests.get(0)).containsEntry("Action", "DescribeNetworkInterfaces")
        .containsEntry("Filter.1.Name", "vpc-id").containsEntry("Filter.1.Value.1", "vpc-00000000000000001")
        .containsEntry("Filter.2.Name", "subnet-id").containsEntry("MaxResults", "1000")
        .doesNotContainKey("NextToken");
    assertThat(requests.get(1)).containsEntry("NextToken", "page-2");
  }

  @Test
  void deleteSession_whenEc2SaysNotFound_isAlreadyGone() {
    answers.add(error(400, "InvalidTrafficMirrorSessionId.NotFound"));

    assertThat(ec2.deleteSession("tms-0123456789abcdef0")).isEqualTo(DeleteOutcome.ALREADY_GONE);
    assertThat(requests.get(0)).containsEntry("Action", "DeleteTrafficMirrorSession")
        .containsEntry("TrafficMirrorSessionId", "tms-0123456789abcdef0");
  }

  static Answer instances(String... idVpcSubnet) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < idVpcSubnet.length; i += 3) {
      items.append("<item><reservationId>r-1</reservationId><instancesSet><item><instanceId>").append(idVpcSubnet[i])
          .append("</instanceId><vpcId>").append(idVpcSubnet[i + 1]).append("</vpcId><subnetId>").append(idVpcSubnet[i + 2])
          .append("</subnetId></item></instancesSet></item>");
    }
    return new Answer(200, "<DescribeInstancesResponse " + NS + "><requestId>r</requestId><reservationSet>" + items
        + "</reservationSet></DescribeInstancesResponse>");
  }

  @Test
  void launchedAround_listsByLaunchTimeOfThisMinuteAndTheOneBefore() {
    answers.add(instances("i-00000000000000001", "vpc-00000000000000001", "subnet-00000000000000001",
        "i-00000000000000002", "vpc-00000000000000001", "subnet-00000000000000002"));

    Map<String, Ec2Locator.Placement> launched = ec2.launchedAround(java.time.Instant.parse("2026-12-02T00:00:30Z"));

    assertThat(launched).containsOnlyKeys("i-00000000000000001", "i-00000000000000002");
    assertThat(launched.get("i-00000000000000002").subnetIds()).containsExactly("subnet-00000000000000002");
    assertThat(requests.get(0)).containsEntry("Action", "DescribeInstances")
        .containsEntry("Filter.1.Name", "launch-time")
        .containsEntry("Filter.1.Value.1", "2026-12-01T23:59*").containsEntry("Filter.1.Value.2", "2026-12-02T00:00*");
  }

  @Test
  void instance_asksByFilterAndAnswersEmptyWhenGone() {
    answers.add(instances());

    assertThat(ec2.instance("i-00000000000000001")).isEmpty();
    assertThat(requests.get(0)).containsEntry("Filter.1.Name", "instance-id")
        .containsEntry("Filter.1.Value.1", "i-00000000000000001").doesNotContainKey("InstanceId.1");
  }

  @Test
  void describes_withABudget_waitForTheirActionsToken_andMutatingCallsDoNot() {
    DescribeBudgetTest.FakeTime time = new DescribeBudgetTest.FakeTime();
    SdkEc2Mirroring budgeted = new SdkEc2Mirroring(client, DescribeBudget.of(0.5, 1, time, time::sleep));
    answers.add(instances());
    answers.add(instances());
    answers.add(new Answer(200, "<DeleteTrafficMirrorSessionResponse " + NS + "><requestId>r</requestId>"
        + "<trafficMirrorSessionId>tms-0123456789abcdef0</trafficMirrorSessionId></DeleteTrafficMirrorSessionResponse>"));

    java.time.Instant start = time.instant();
    budgeted.instance("i-00000000000000001");
    assertThat(time.instant()).isEqualTo(start);
    budgeted.instance("i-00000000000000001");
    assertThat(java.time.Duration.between(start, time.instant())).isEqualTo(java.time.Duration.ofSeconds(2));
    budgeted.deleteSession("tms-0123456789abcdef0");
    assertThat(java.time.Duration.between(start, time.instant())).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(requests).hasSize(3);
  }
}
