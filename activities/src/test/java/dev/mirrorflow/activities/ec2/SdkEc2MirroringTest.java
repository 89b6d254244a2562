package dev.mirrorflow.activities.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorSessionRequest;
import software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorSessionResponse;
import software.amazon.awssdk.services.ec2.model.DeleteTrafficMirrorSessionRequest;
import software.amazon.awssdk.services.ec2.model.DeleteTrafficMirrorSessionResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorSessionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorSessionsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSession;

/** The adapter's own mapping: paging, filters, request shapes and error codes, on a mocked client. */
class SdkEc2MirroringTest {
  static final String VPC = "vpc-00000000000000001";
  static final String SUBNET = "subnet-00000000000000001";
  static final String ENI = "eni-0000000000000000a";

  final Ec2Client client = mock(Ec2Client.class);
  final SdkEc2Mirroring ec2 = new SdkEc2Mirroring(client);

  static Ec2Exception error(int status, String code) {
    return (Ec2Exception) Ec2Exception.builder()
        .statusCode(status)
        .message(code + " happened")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build())
        .build();
  }

  static NewSession newSession() {
    return new NewSession("blue", VPC, SUBNET, ENI, "tmt-0000000000000000a", "tmf-0000000000000000a", 1, 4242, null,
        "mf1-token");
  }

  static Map<String, List<String>> filters(List<Filter> filters) {
    return filters.stream().collect(java.util.stream.Collectors.toMap(Filter::name, Filter::values));
  }

  @Test
  void networkInterfaces_whenTwoPages_readsBothWithFiltersAndMaxResults() {
    when(client.describeNetworkInterfaces(any(DescribeNetworkInterfacesRequest.class)))
        .thenReturn(DescribeNetworkInterfacesResponse.builder().nextToken("page-2").networkInterfaces(n -> n
            .networkInterfaceId(ENI).subnetId(SUBNET).interfaceType("interface").requesterManaged(false)
            .attachment(a -> a.instanceId("i-00000000000000001")).tagSet(Tag.builder().key("k").value("v").build())).build())
        .thenReturn(DescribeNetworkInterfacesResponse.builder().networkInterfaces(n -> n
            .networkInterfaceId("eni-0000000000000000b").subnetId(SUBNET).interfaceType("lambda").requesterManaged(true))
            .build());

    List<NetworkInterface> enis = ec2.networkInterfaces(VPC, List.of(SUBNET));

    assertThat(enis).containsExactly(
        new NetworkInterface(ENI, SUBNET, "interface", false, "i-00000000000000001", Map.of("k", "v")),
        new NetworkInterface("eni-0000000000000000b", SUBNET, "lambda", true, null, Map.of()));
    ArgumentCaptor<DescribeNetworkInterfacesRequest> requests = ArgumentCaptor.forClass(DescribeNetworkInterfacesRequest.class);
    verify(client, times(2)).describeNetworkInterfaces(requests.capture());
    assertThat(requests.getAllValues()).extracting(DescribeNetworkInterfacesRequest::nextToken).containsExactly(null, "page-2");
    assertThat(requests.getAllValues()).allSatisfy(r -> {
      assertThat(r.maxResults()).isEqualTo(1000);
      assertThat(filters(r.filters())).containsEntry("vpc-id", List.of(VPC)).containsEntry("subnet-id", List.of(SUBNET));
    });
  }

  @Test
  void sessionsOn_whenFewEnis_filtersByEniPagesAndMapsFields() {
    when(client.describeTrafficMirrorSessions(any(DescribeTrafficMirrorSessionsRequest.class)))
        .thenReturn(DescribeTrafficMirrorSessionsResponse.builder().nextToken("next").trafficMirrorSessions(
            TrafficMirrorSession.builder().trafficMirrorSessionId("tms-00000000000000001").networkInterfaceId(ENI)
                .trafficMirrorTargetId("tmt-0000000000000000a").trafficMirrorFilterId("tmf-0000000000000000a")
                .sessionNumber(1).virtualNetworkId(4242).tags(Tag.builder().key(MirrorTags.CLUSTER).value("blue").build())
                .build()).build())
        .thenReturn(DescribeTrafficMirrorSessionsResponse.builder().build());

    List<MirrorSession> sessions = ec2.sessionsOn(List.of(ENI));

    assertThat(sessions).singleElement().satisfies(s -> {
      assertThat(s.ownedBy("blue")).isTrue();
      assertThat(s.eniId()).isEqualTo(ENI);
      assertThat(s.sessionNumber()).isEqualTo(1);
      assertThat(s.virtualNetworkId()).isEqualTo(4242);
      assertThat(s.packetLength()).isNull();
    });
    ArgumentCaptor<DescribeTrafficMirrorSessionsRequest> requests =
        ArgumentCaptor.forClass(DescribeTrafficMirrorSessionsRequest.class);
    verify(client, times(2)).describeTrafficMirrorSessions(requests.capture());
    assertThat(filters(requests.getValue().filters())).containsOnlyKeys("network-interface-id");
    assertThat(requests.getAllValues()).extracting(DescribeTrafficMirrorSessionsRequest::nextToken).containsExactly(null, "next");
    assertThat(requests.getValue().maxResults()).isEqualTo(1000);
  }

  @Test
  void sessionsOn_whenManyEnis_listsTheAccountOnceAndKeepsOnlyThoseEnis() {
    when(client.describeTrafficMirrorSessions(any(DescribeTrafficMirrorSessionsRequest.class)))
        .thenReturn(DescribeTrafficMirrorSessionsResponse.builder().trafficMirrorSessions(
            TrafficMirrorSession.builder().trafficMirrorSessionId("tms-00000000000000001")
                .networkInterfaceId(String.format("eni-%017x", 5)).sessionNumber(1).build(),
            TrafficMirrorSession.builder().trafficMirrorSessionId("tms-00000000000000002")
                .networkInterfaceId("eni-000000000000fffff").sessionNumber(1).build()).build());
    List<String> enis = IntStream.range(0, 1001).mapToObj(i -> String.format("eni-%017x", i)).toList();

    List<MirrorSession> sessions = ec2.sessionsOn(enis);

    assertThat(sessions).extracting(MirrorSession::sessionId).containsExactly("tms-00000000000000001");
    ArgumentCaptor<DescribeTrafficMirrorSessionsRequest> request =
        ArgumentCaptor.forClass(DescribeTrafficMirrorSessionsRequest.class);
    verify(client).describeTrafficMirrorSessions(request.capture());
    assertThat(request.getValue().filters()).isEmpty();
  }

  @Test
  void sessionsOn_whenMoreEnisThanOneFilterTakes_listsTheAccountsSessionsInOnePagePerThousand() {
    when(client.describeTrafficMirrorSessions(any(DescribeTrafficMirrorSessionsRequest.class)))
        .thenReturn(DescribeTrafficMirrorSessionsResponse.builder().build());
    List<String> enis = IntStream.range(0, 201).mapToObj(i -> String.format("eni-%017x", i)).toList();

    ec2.sessionsOn(enis);

    ArgumentCaptor<DescribeTrafficMirrorSessionsRequest> requests =
        ArgumentCaptor.forClass(DescribeTrafficMirrorSessionsRequest.class);
    verify(client, times(1)).describeTrafficMirrorSessions(requests.capture());
    assertThat(requests.getValue().filters()).isEmpty();
    assertThat(requests.getValue().maxResults()).isEqualTo(1000);
  }

  @Test
  void sessionsOn_whenOneFilterTakesThemAll_asksForThoseEnisOnly() {
    when(client.describeTrafficMirrorSessions(any(DescribeTrafficMirrorSessionsRequest.class)))
        .thenReturn(DescribeTrafficMirrorSessionsResponse.builder().build());
    List<String> enis = IntStream.range(0, 200).mapToObj(i -> String.format("eni-%017x", i)).toList();

    ec2.sessionsOn(enis);

    ArgumentCaptor<DescribeTrafficMirrorSessionsRequest> requests =
        ArgumentCaptor.forClass(DescribeTrafficMirrorSessionsRequest.class);
    verify(client, times(1)).describeTrafficMirrorSessions(requests.capture());
    assertThat(filters(requests.getValue().filters()).get("network-interface-id")).hasSize(200);
  }

  @Test
  void sessionsOn_whenNoEnis_callsNothing() {
    assertThat(ec2.sessionsOn(List.of())).isEmpty();
    verify(client, times(0)).describeTrafficMirrorSessions(any(DescribeTrafficMirrorSessionsRequest.class));
  }

  @Test
  void instances_whenFewIds_asksForThemAndMapsTypes() {
    when(client.describeInstances(any(DescribeInstancesRequest.class))).thenReturn(DescribeInstancesResponse.builder()
        .reservations(r -> r.instances(i -> i.instanceId("i-00000000000000001").instanceType("m5.large"))).build());

    Map<String, Instance> instances = ec2.instances(VPC, List.of("i-00000000000000001"));

    assertThat(instances.get("i-00000000000000001").instanceType()).isEqualTo("m5.large");
    ArgumentCaptor<DescribeInstancesRequest> request = ArgumentCaptor.forClass(DescribeInstancesRequest.class);
    verify(client).describeInstances(request.capture());
    assertThat(filters(request.getValue().filters()))
        .containsEntry("vpc-id", List.of(VPC)).containsEntry("instance-id", List.of("i-00000000000000001"));
  }

  @Test
  void instances_whenManyIds_listsTheVpcInstead() {
    when(client.describeInstances(any(DescribeInstancesRequest.class))).thenReturn(DescribeInstancesResponse.builder().build());

    ec2.instances(VPC, IntStream.range(0, 201).mapToObj(i -> String.format("i-%017x", i)).toList());

    ArgumentCaptor<DescribeInstancesRequest> request = ArgumentCaptor.forClass(DescribeInstancesRequest.class);
    verify(client).describeInstances(request.capture());
    assertThat(filters(request.getValue().filters())).containsOnlyKeys("vpc-id");
    assertThat(request.getValue().maxResults()).isEqualTo(1000);
  }

  @Test
  void createSession_whenAccepted_sendsTokenTagsAndParameters() {
    when(client.createTrafficMirrorSession(any(CreateTrafficMirrorSessionRequest.class))).thenReturn(
        CreateTrafficMirrorSessionResponse.builder()
            .trafficMirrorSession(s -> s.trafficMirrorSessionId("tms-00000000000000009")).build());

    CreateOutcome outcome = ec2.createSession(newSession());

    assertThat(outcome).isEqualTo(CreateOutcome.created("tms-00000000000000009"));
    ArgumentCaptor<CreateTrafficMirrorSessionRequest> request = ArgumentCaptor.forClass(CreateTrafficMirrorSessionRequest.class);
    verify(client).createTrafficMirrorSession(request.capture());
    CreateTrafficMirrorSessionRequest sent = request.getValue();
    assertThat(sent.clientToken()).isEqualTo("mf1-token");
    assertThat(sent.networkInterfaceId()).isEqualTo(ENI);
    assertThat(sent.sessionNumber()).isEqualTo(1);
    assertThat(sent.virtualNetworkId()).isEqualTo(4242);
    assertThat(sent.packetLength()).isNull();
    assertThat(sent.tagSpecifications()).singleElement().satisfies(spec -> {
      assertThat(spec.resourceType()).isEqualTo(ResourceType.TRAFFIC_MIRROR_SESSION);
      assertThat(spec.tags()).extracting(Tag::key, Tag::value).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("mirrorflow:cluster", "blue"),
          org.assertj.core.groups.Tuple.tuple("mirrorflow:vpc", VPC),
          org.assertj.core.groups.Tuple.tuple("mirrorflow:subnet", SUBNET),
          org.assertj.core.groups.Tuple.tuple("mirrorflow:client-token", "mf1-token"));
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"NetworkInterfaceNotSupported", "InvalidNetworkInterfaceID.NotFound",
      "TrafficMirrorSessionsPerInterfaceLimitExceeded", "TrafficMirrorSessionLimitExceeded",
      "TrafficMirrorSourcesPerTargetLimitExceeded"})
  void createSession_whenPerEniRefusal_returnsRefusedOutcome(String code) {
    when(client.createTrafficMirrorSession(any(CreateTrafficMirrorSessionRequest.class))).thenThrow(error(400, code));

    CreateOutcome outcome = ec2.createSession(newSession());

    assertThat(outcome.isCreated()).isFalse();
    assertThat(outcome.errorCode()).isEqualTo(code);
  }

  @ParameterizedTest
  @CsvSource({"400, RequestLimitExceeded", "400, Throttling", "500, InternalError", "503, Unavailable", "502, Whatever"})
  void createSession_whenThrottledOrServerError_throwsTransient(int status, String code) {
    when(client.createTrafficMirrorSession(any(CreateTrafficMirrorSessionRequest.class))).thenThrow(error(status, code));

    assertThatThrownBy(() -> ec2.createSession(newSession()))
        .isInstanceOf(TransientEc2Exception.class)
        .satisfies(e -> assertThat(((TransientEc2Exception) e).errorCode()).isEqualTo(code));
  }

  @Test
  void createSession_whenServiceUnreachable_throwsTransient() {
    when(client.createTrafficMirrorSession(any(CreateTrafficMirrorSessionRequest.class)))
        .thenThrow(SdkClientException.create("connection reset"));

    assertThatThrownBy(() -> ec2.createSession(newSession()))
        .isInstanceOf(TransientEc2Exception.class).hasMessageContaining("connection reset");
  }

  @Test
  void createSession_whenRefusedForGood_isThatEnisOutcomeByCode() {
    when(client.createTrafficMirrorSession(any(CreateTrafficMirrorSessionRequest.class)))
        .thenThrow(error(400, "InvalidTrafficMirrorTargetId.NotFound"));

    assertThat(ec2.createSession(newSession()).errorCode()).isEqualTo("InvalidTrafficMirrorTargetId.NotFound");
  }

  @Test
  void deleteSession_whenNotFound_isAlreadyGone() {
    when(client.deleteTrafficMirrorSession(any(DeleteTrafficMirrorSessionRequest.class)))
        .thenThrow(error(400, "InvalidTrafficMirrorSessionId.NotFound"))
        .thenReturn(DeleteTrafficMirrorSessionResponse.builder().build());

    assertThat(ec2.deleteSession("tms-00000000000000001")).isEqualTo(DeleteOutcome.ALREADY_GONE);
    assertThat(ec2.deleteSession("tms-00000000000000002")).isEqualTo(DeleteOutcome.DELETED);
  }

  @Test
  void deleteSession_whenThrottled_throwsTransient() {
    when(client.deleteTrafficMirrorSession(any(DeleteTrafficMirrorSessionRequest.class)))
        .thenThrow(error(503, "RequestLimitExceeded"));

    assertThatThrownBy(() -> ec2.deleteSession("tms-00000000000000001")).isInstanceOf(TransientEc2Exception.class);
  }

  @Test
  void describe_whenThrottled_throwsTransient() {
    when(client.describeNetworkInterfaces(any(DescribeNetworkInterfacesRequest.class)))
        .thenThrow(error(400, "RequestLimitExceeded"));

    assertThatThrownBy(() -> ec2.networkInterfaces(VPC, List.of())).isInstanceOf(TransientEc2Exception.class);
  }

  @Test
  void tagNetworkInterfaces_whenCalled_tagsEveryEniInOneCall() {
    when(client.createTags(any(CreateTagsRequest.class))).thenReturn(CreateTagsResponse.builder().build());

    ec2.tagNetworkInterfaces(List.of(ENI, "eni-0000000000000000b"), MirrorTags.MIRRORING_UNSUPPORTED,
        "m6i.large@2026-12-01T20:00:00Z");

    ArgumentCaptor<CreateTagsRequest> request = ArgumentCaptor.forClass(CreateTagsRequest.class);
    verify(client).createTags(request.capture());
    assertThat(request.getValue().resources()).containsExactly(ENI, "eni-0000000000000000b");
    assertThat(request.getValue().tags()).containsExactly(
        Tag.builder().key(MirrorTags.MIRRORING_UNSUPPORTED).value("m6i.large@2026-12-01T20:00:00Z").build());
  }

  @Test
  void tagNetworkInterfaces_whenEniGone_doesNotFail() {
    when(client.createTags(any(CreateTagsRequest.class))).thenThrow(error(400, "InvalidNetworkInterfaceID.NotFound"));

    ec2.tagNetworkInterfaces(List.of(ENI), MirrorTags.REFUSED, "TrafficMirrorSessionLimitExceeded@2026-12-01T20:00:00Z");

    verify(client).createTags(any(CreateTagsRequest.class));
  }

  @Test
  void createSession_whenRefusedWithAnyNonTransientCode_returnsThatCodeAsTheOutcome() {
    when(client.createTrafficMirrorSession(any(software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorSessionRequest.class)))
        .thenThrow(error(400, "UnauthorizedOperation"));

    var outcome = ec2.createSession(new NewSession("blue", VPC, "subnet-00000000000000001", ENI,
        "tmt-0000000000000000a", "tmf-0000000000000000a", 1, null, null, "mf1-token"));

    assertThat(outcome.isCreated()).isFalse();
    assertThat(outcome.errorCode()).isEqualTo("UnauthorizedOperation");
  }
}
