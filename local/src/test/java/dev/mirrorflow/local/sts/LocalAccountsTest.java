package dev.mirrorflow.local.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.deploy.MemberDeployment;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.events.RecentEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Accounts on the local cloud through the real SDK: STS, per-account EC2 worlds and buses, cross-account delivery. */
class LocalAccountsTest {
  static final String MEMBER = "222222222222";
  static final String OTHER = "333333333333";
  static final String CLUSTER = "blue";

  LocalCloud cloud;

  @BeforeEach
  void start() {
    cloud = LocalCloud.create(0).start();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  Environment signedAs(String accessKey) {
    return Environment.local(cloud.endpoint(), LocalCloud.REGION, Map.of("AWS_ACCESS_KEY_ID", accessKey));
  }

  StsClient sts(String accessKey) {
    return AwsClients.configure(StsClient.builder(), signedAs(accessKey)).build();
  }

  /** A key of the hub cluster's step role, as the local Lambda gives its functions. */
  String stepRoleKey() {
    Role step = cloud.accounts().putRole(LocalCloud.ACCOUNT_ID,
        ClusterNames.role(CLUSTER, null, ClusterNames.ACTIVITIES_ROLE), Set.of("lambda.amazonaws.com"));
    return cloud.accounts().sessionKey(step, "test");
  }

  @Test
  void getCallerIdentity_whenTheKeyWasNeverIssued_isTheDefaultAccountsRoot() {
    try (StsClient sts = sts(AwsClients.LOCAL_ACCESS_KEY)) {
      GetCallerIdentityResponse me = sts.getCallerIdentity();
      assertThat(me.account()).isEqualTo(Accounts.DEFAULT_ACCOUNT);
      assertThat(me.arn()).isEqualTo("arn:aws:iam::000000000000:root");
    }
  }

  @Test
  void assumeRole_whenTheTrustPolicyNamesTheCallersRole_issuesCredentialsOfTheRolesAccount() {
    cloud.deployMember(MEMBER, CLUSTER, LocalCloud.stateMachinesDirectory());
    String roleArn = MemberDeployment.memberRoleArn(CLUSTER, MEMBER);
    try (StsClient sts = sts(stepRoleKey())) {
      AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("reconcile"));
      assertThat(assumed.assumedRoleUser().arn())
          .isEqualTo("arn:aws:sts::" + MEMBER + ":assumed-role/" + ClusterNames.memberRole(CLUSTER, null) + "/reconcile");
      assertThat(assumed.credentials().expiration()).isAfter(cloud.clock().instant().plus(Duration.ofMinutes(59)));

      try (StsClient asMember = sts(assumed.credentials().accessKeyId())) {
        assertThat(asMember.getCallerIdentity().account()).isEqualTo(MEMBER);
      }
    }
  }

  @Test
  void assumeRole_whenTheCallerIsNotTrustedOrTheRoleIsMissing_isAccessDenied() {
    cloud.deployMember(MEMBER, CLUSTER, LocalCloud.stateMachinesDirectory());
    try (StsClient rootOfHub = sts(AwsClients.LOCAL_ACCESS_KEY); StsClient step = sts(stepRoleKey())) {
      AwsServiceException untrusted = catchThrowableOfType(AwsServiceException.class, () -> rootOfHub.assumeRole(
          r -> r.roleArn(MemberDeployment.memberRoleArn(CLUSTER, MEMBER)).roleSessionName("reconcile")));
      AwsServiceException missing = catchThrowableOfType(AwsServiceException.class, () -> step.assumeRole(
          r -> r.roleArn(MemberDeployment.memberRoleArn(CLUSTER, OTHER)).roleSessionName("reconcile")));

      assertThat(untrusted.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(untrusted.statusCode()).isEqualTo(403);
      assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }
  }

  @Test
  void assumeRole_whenTheSessionNameOrDurationIsOutOfRange_isValidationError() {
    cloud.deployMember(MEMBER, CLUSTER, LocalCloud.stateMachinesDirectory());
    String roleArn = MemberDeployment.memberRoleArn(CLUSTER, MEMBER);
    try (StsClient sts = sts(stepRoleKey())) {
      AwsServiceException shortName = catchThrowableOfType(AwsServiceException.class,
          () -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("x")));
      AwsServiceException tooLong = catchThrowableOfType(AwsServiceException.class,
          () -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("ok").durationSeconds(3601)));
      AwsServiceException tooShort = catchThrowableOfType(AwsServiceException.class,
          () -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("ok").durationSeconds(899)));

      assertThat(List.of(shortName, tooLong, tooShort)).allSatisfy(e ->
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
      assertThat(sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("ok").durationSeconds(900)).credentials()
          .expiration()).isBefore(cloud.clock().instant().plus(Duration.ofMinutes(16)));
    }
  }

  @Test
  void ec2_whenCalledWithAssumedCredentials_servesTheRolesAccountsOwnWorld() {
    cloud.deployMember(MEMBER, CLUSTER, LocalCloud.stateMachinesDirectory());
    try (StsClient sts = sts(stepRoleKey());
        StsAssumeRoleCredentialsProvider member = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
            .refreshRequest(r -> r.roleArn(MemberDeployment.memberRoleArn(CLUSTER, MEMBER)).roleSessionName("tests"))
            .build();
        Ec2Client memberEc2 = AwsClients.configure(Ec2Client.builder(), signedAs("x")).credentialsProvider(member).build();
        Ec2Client hubEc2 = AwsClients.configure(Ec2Client.builder(), signedAs("x")).build()) {
      String vpc = memberEc2.createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId();

      assertThat(cloud.ec2().world(MEMBER).vpcs()).extracting(v -> v.id()).containsExactly(vpc);
      assertThat(cloud.ec2().world().vpcs()).extracting(v -> v.id()).doesNotContain(vpc);
      assertThat(memberEc2.describeVpcs(r -> r.vpcIds(vpc)).vpcs().get(0).ownerId()).isEqualTo(MEMBER);
      assertThat(hubEc2.describeVpcs(r -> r.filters(Filter.builder().name("vpc-id").values(vpc).build())).vpcs()).isEmpty();
    }
  }

  @Test
  void ec2_whenOneAccountSpendsItsBucket_anotherAccountIsNotThrottled() {
    cloud.ec2().knobs().throttling(true).buckets(new Ec2Knobs.Bucket(100, 20), new Ec2Knobs.Bucket(2, 0.001));
    String memberKey = cloud.accounts().accessKey(MEMBER);
    try (Ec2Client member = AwsClients.configure(Ec2Client.builder(), signedAs(memberKey))
            .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build();
        Ec2Client hub = AwsClients.configure(Ec2Client.builder(), signedAs(AwsClients.LOCAL_ACCESS_KEY))
            .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1))).build()) {
      member.createVpc(r -> r.cidrBlock("10.1.0.0/16"));
      member.createVpc(r -> r.cidrBlock("10.2.0.0/16"));
      AwsServiceException third = catchThrowableOfType(AwsServiceException.class,
          () -> member.createVpc(r -> r.cidrBlock("10.3.0.0/16")));
      assertThat(third.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");

      hub.createVpc(r -> r.cidrBlock("10.4.0.0/16"));
      hub.createVpc(r -> r.cidrBlock("10.5.0.0/16"));
      assertThat(cloud.ec2().world().vpcs()).hasSize(2);
    }
  }

  @Test
  void createSession_whenAnotherAccountIsAtItsQuota_stillCreatesInThisAccount() {
    cloud.ec2().knobs().sessionLimit(1);
    Ec2World hub = cloud.ec2().world();
    Ec2World member = cloud.ec2().world(MEMBER);
    String hubTarget = hub.createTarget(null, null, null, "vpce-0aaaabbbbccccdddd", "hub", Map.of()).id();
    cloud.ec2().shareTarget(LocalCloud.ACCOUNT_ID, hubTarget, MEMBER);
    for (Ec2World world : List.of(hub, member)) {
      String vpc = world.createVpc(null, "10.0.0.0/16", Map.of()).id();
      String subnet = world.createSubnet(null, vpc, "10.0.1.0/24", null, Map.of()).id();
      String filter = world.createFilter(null, "all", Map.of()).id();
      var enis = world.runInstances(subnet, "m5.large", 2, Map.of(), Map.of()).stream()
          .map(i -> world.networkInterfaces().stream().filter(e -> e.attachment() != null
              && e.attachment().instanceId().equals(i.id())).findFirst().orElseThrow().id()).toList();
      world.createSession(new Ec2World.NewSession(null, enis.get(0), hubTarget, filter, 1, null, null, null, Map.of()));
      String code = catchThrowableOfType(dev.mirrorflow.local.ec2.LocalEc2Exception.class, () -> world.createSession(
          new Ec2World.NewSession(null, enis.get(1), hubTarget, filter, 1, null, null, null, Map.of()))).code();
      assertThat(code).isEqualTo("TrafficMirrorSessionLimitExceeded");
    }
    assertThat(member.sessions()).singleElement().satisfies(s -> assertThat(s.ownerId()).isEqualTo(MEMBER));
    assertThat(member.targets()).singleElement().satisfies(t -> assertThat(t.ownerId()).isEqualTo(LocalCloud.ACCOUNT_ID));
  }

  @Test
  void forwardingRule_whenTheHubBusPolicyAllowsTheMember_deliversItsStateChangesWithTheMembersAccount() throws Exception {
    String hubBus = ClusterNames.bus(CLUSTER);
    try (EventBridgeClient hub = AwsClients.configure(EventBridgeClient.builder(), signedAs(AwsClients.LOCAL_ACCESS_KEY)).build()) {
      hub.createEventBus(r -> r.name(hubBus));
      cloud.deployMember(MEMBER, CLUSTER, LocalCloud.stateMachinesDirectory());
      cloud.deployMember(OTHER, CLUSTER, LocalCloud.stateMachinesDirectory());
      hub.putPermission(r -> r.eventBusName(hubBus).action("events:PutEvents").principal(MEMBER).statementId("member"));
      assertThat(hub.describeEventBus(r -> r.name(hubBus)).policy()).contains(MEMBER);
    }
    Ec2World member = cloud.ec2().world(MEMBER);
    Ec2World other = cloud.ec2().world(OTHER);
    String memberInstance = launch(member);
    String otherInstance = launch(other);
    assertThat(cloud.events().awaitIdle(Duration.ofSeconds(30))).isTrue();

    List<JsonNode> onHubBus = cloud.events().recentEvents().entries().stream()
        .filter(e -> e.bus().equals(hubBus)).map(RecentEvents.Entry::event).toList();
    assertThat(onHubBus).isNotEmpty().allSatisfy(e -> {
      assertThat(e.path("account").asText()).isEqualTo(MEMBER);
      assertThat(e.path("detail").path("instance-id").asText()).isEqualTo(memberInstance);
    });
    // The other account is not in the policy: its forwarded events are refused, never delivered.
    assertThat(cloud.events().recentEvents().entries().stream()
        .filter(e -> e.bus().equals("default") && e.event().path("account").asText().equals(OTHER))
        .flatMap(e -> e.matches().stream()).flatMap(m -> m.deliveries().stream()))
        .isNotEmpty().allSatisfy(d -> assertThat(d.status()).isNotEqualTo("DELIVERED"));
    assertThat(onHubBus).noneMatch(e -> e.path("detail").path("instance-id").asText().equals(otherInstance));
  }

  @Test
  void busPolicy_whenItAllowsTheOrganization_acceptsItsAccountsOnly() throws Exception {
    String hubBus = ClusterNames.bus(CLUSTER);
    cloud.accounts().joinOrganization(MEMBER, "o-abc123def4");
    cloud.accounts().joinOrganization(OTHER, "o-elsewhere1");
    try (EventBridgeClient hub = AwsClients.configure(EventBridgeClient.builder(), signedAs(AwsClients.LOCAL_ACCESS_KEY)).build()) {
      hub.createEventBus(r -> r.name(hubBus));
      hub.putPermission(r -> r.eventBusName(hubBus).action("events:PutEvents").principal("*").statementId("org")
          .condition(c -> c.type("StringEquals").key("aws:PrincipalOrgID").value("o-abc123def4")));
    }
    cloud.deployMember(MEMBER, CLUSTER, LocalCloud.stateMachinesDirectory());
    cloud.deployMember(OTHER, CLUSTER, LocalCloud.stateMachinesDirectory());
    String memberInstance = launch(cloud.ec2().world(MEMBER));
    launch(cloud.ec2().world(OTHER));
    assertThat(cloud.events().awaitIdle(Duration.ofSeconds(30))).isTrue();

    assertThat(cloud.events().recentEvents().entries().stream().filter(e -> e.bus().equals(hubBus)))
        .isNotEmpty().allSatisfy(e -> {
          assertThat(e.event().path("account").asText()).isEqualTo(MEMBER);
          assertThat(e.event().path("detail").path("instance-id").asText()).isEqualTo(memberInstance);
        });
  }

  private static String launch(Ec2World world) {
    String vpc = world.createVpc(null, "10.0.0.0/16", Map.of()).id();
    String subnet = world.createSubnet(null, vpc, "10.0.1.0/24", null, Map.of()).id();
    return world.runInstances(subnet, "m5.large", 1, Map.of(), Map.of()).get(0).id();
  }
}
