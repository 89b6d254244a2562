package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local trail: EC2's mutating calls as "AWS API Call via CloudTrail" events, with who made them. */
class CloudTrailEventsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String AUTH = "AWS4-HMAC-SHA256 Credential=%s/20261201/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00";

  final List<JsonNode> put = new ArrayList<>();
  Ec2Service ec2;
  String subnet;

  @BeforeEach
  void start() {
    ec2 = Ec2Service.create(LocalClock.create()).eventSink(request -> {
      try {
        JsonNode body = JSON.readTree(request.bodyAsString());
        body.path("Entries").forEach(put::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return LocalResponse.json(200, "{\"FailedEntryCount\":0,\"Entries\":[]}");
    });
    String vpc = ec2.world().createVpc(null, "10.0.0.0/16", Map.of()).id();
    subnet = ec2.world().createSubnet(null, vpc, "10.0.1.0/24", "us-east-1a", Map.of()).id();
  }

  LocalResponse call(String accessKey, String form) {
    return ec2.handle(new LocalRequest("POST", "/", "",
        Map.of("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
            "authorization", List.of(AUTH.formatted(accessKey))),
        form.getBytes(StandardCharsets.UTF_8)));
  }

  List<JsonNode> trail() {
    return put.stream().filter(e -> e.path("DetailType").asText().equals(CloudTrailEvents.DETAIL_TYPE))
        .map(e -> {
          try {
            return JSON.readTree(e.path("Detail").asText());
          } catch (IOException x) {
            throw new UncheckedIOException(x);
          }
        }).toList();
  }

  @Test
  void createNetworkInterface_byIamUser_isDeliveredWithItsParametersResponseAndIdentity() {
    LocalResponse answer = call("AKIAALICE", "Action=CreateNetworkInterface&Version=2016-11-15&SubnetId=" + subnet);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(put).hasSize(1);
    assertThat(put.get(0).path("Source").asText()).isEqualTo("aws.ec2");
    assertThat(put.get(0).path("EventBusName").asText()).isEqualTo("default");
    JsonNode detail = trail().get(0);
    assertThat(detail.path("eventSource").asText()).isEqualTo("ec2.amazonaws.com");
    assertThat(detail.path("eventName").asText()).isEqualTo("CreateNetworkInterface");
    assertThat(detail.path("eventType").asText()).isEqualTo("AwsApiCall");
    assertThat(detail.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
    assertThat(detail.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::000000000000:user/AKIAALICE");
    assertThat(detail.path("userIdentity").path("accessKeyId").asText()).isEqualTo("AKIAALICE");
    assertThat(detail.path("requestParameters").path("subnetId").asText()).isEqualTo(subnet);
    String eni = detail.path("responseElements").path("networkInterface").path("networkInterfaceId").asText();
    assertThat(eni).startsWith("eni-");
    assertThat(ec2.world().networkInterface(eni)).isPresent();
    assertThat(detail.path("responseElements").path("networkInterface").path("subnetId").asText()).isEqualTo(subnet);
  }

  @Test
  void deleteTrafficMirrorSession_byRegisteredRole_isAnAssumedRoleSessionWrappedAsEc2LogsIt() {
    ec2.cloudTrail().assumedRole("ASIASTEPS", "arn:aws:iam::000000000000:role/mirrorflow-demo-activities", "steps");
    String instance = ec2.world().runInstances(subnet, "m5.large", 1, Map.of(), Map.of()).get(0).id();
    String source = ec2.world().networkInterfaces().stream()
        .filter(n -> n.attachment() != null && n.attachment().instanceId().equals(instance)).findFirst().orElseThrow().id();
    String target = ec2.world().createTarget(null, null, null, "vpce-0fedcba9876543210", "t", Map.of()).id();
    String filter = ec2.world().createFilter(null, "f", Map.of()).id();
    String session = ec2.world().createSession(new Ec2World.NewSession(null, source, target, filter, 1, null, null, null, Map.of())).id();

    call("ASIASTEPS", "Action=DeleteTrafficMirrorSession&Version=2016-11-15&TrafficMirrorSessionId=" + session);

    JsonNode detail = trail().get(0);
    JsonNode identity = detail.path("userIdentity");
    assertThat(identity.path("type").asText()).isEqualTo("AssumedRole");
    assertThat(identity.path("arn").asText()).isEqualTo("arn:aws:sts::000000000000:assumed-role/mirrorflow-demo-activities/steps");
    assertThat(identity.path("sessionContext").path("sessionIssuer").path("arn").asText())
        .isEqualTo("arn:aws:iam::000000000000:role/mirrorflow-demo-activities");
    assertThat(detail.path("requestParameters").path("DeleteTrafficMirrorSessionRequest")
        .path("TrafficMirrorSessionId").asText()).isEqualTo(session);
    assertThat(detail.path("responseElements").path("DeleteTrafficMirrorSessionResponse")
        .path("trafficMirrorSessionId").asText()).isEqualTo(session);
  }

  @Test
  void describeAndFailedCalls_andAnyCallWithTheTrailOff_deliverNothing() {
    call("AKIAALICE", "Action=DescribeNetworkInterfaces&Version=2016-11-15");
    LocalResponse failed = call("AKIAALICE", "Action=DeleteTrafficMirrorSession&Version=2016-11-15&TrafficMirrorSessionId=tms-0123456789abcdef0");
    assertThat(failed.status()).isEqualTo(400);
    ec2.cloudTrail().enabled(false);
    call("AKIAALICE", "Action=CreateNetworkInterface&Version=2016-11-15&SubnetId=" + subnet);

    assertThat(trail()).isEmpty();
    assertThat(ec2.cloudTrail().delivered()).isZero();
  }

  @Test
  void requestParameters_whenNumbered_becomeItemLists() {
    JsonNode params = CloudTrailEvents.requestParameters(Map.of(
        "Action", "CreateTrafficMirrorSession", "NetworkInterfaceId", "eni-1",
        "TagSpecification.1.ResourceType", "traffic-mirror-session",
        "TagSpecification.1.Tag.1.Key", "mirrorflow:cluster", "TagSpecification.1.Tag.1.Value", "demo"));

    assertThat(params.has("action")).isFalse();
    assertThat(params.path("networkInterfaceId").asText()).isEqualTo("eni-1");
    JsonNode spec = params.path("tagSpecification").path("items").get(0);
    assertThat(spec.path("resourceType").asText()).isEqualTo("traffic-mirror-session");
    assertThat(spec.path("tag").path("items").get(0).path("key").asText()).isEqualTo("mirrorflow:cluster");
  }
}
