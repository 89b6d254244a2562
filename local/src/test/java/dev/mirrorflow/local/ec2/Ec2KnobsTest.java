package dev.mirrorflow.local.ec2;

import static dev.mirrorflow.local.ec2.SdkErrors.codeOf;
import static dev.mirrorflow.local.ec2.SdkErrors.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;

class Ec2KnobsTest {
  private LocalEc2 local;
  private Ec2Client ec2;
  private Worlds w;

  @BeforeEach
  void start() {
    local = LocalEc2.start();
    ec2 = local.ec2;
    w = Worlds.vpcWithTwoSubnets(local.world);
  }

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void throttling_whenOffByDefault_neverAnswersRequestLimitExceeded() {
    for (int i = 0; i < 150; i++) {
      ec2.describeVpcs();
    }
    assertThat(local.service.callCount("DescribeVpcs")).isEqualTo(150);
  }

  @Test
  void throttling_whenBucketEmpty_answers503RequestLimitExceededUntilClockRefillsIt() {
    local.cloud.clock().setSpeed(1e-6);
    local.service.knobs().throttling(true)
        .buckets(new Ec2Knobs.Bucket(3, 1), new Ec2Knobs.Bucket(2, 0.5));
    for (int i = 0; i < 3; i++) {
      ec2.describeVpcs();
    }
    AwsServiceException throttled = errorOf(() -> ec2.describeVpcs());
    assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
    assertThat(throttled.awsErrorDetails().errorMessage()).isEqualTo("Request limit exceeded.");
    assertThat(throttled.statusCode()).isEqualTo(503);

    ec2.createTrafficMirrorFilter(b -> {});
    ec2.createTrafficMirrorFilter(b -> {});
    assertThat(codeOf(() -> ec2.createTrafficMirrorFilter(b -> {}))).as("mutating calls have their own bucket")
        .isEqualTo("RequestLimitExceeded");

    local.cloud.clock().advance(Duration.ofSeconds(2));
    ec2.describeVpcs();
    ec2.describeVpcs();
    assertThat(codeOf(() -> ec2.describeVpcs())).as("two seconds refill two tokens").isEqualTo("RequestLimitExceeded");
    ec2.createTrafficMirrorFilter(b -> {});
  }

  @Test
  void throttling_whenOneActionsBucketIsEmpty_leavesEveryOtherActionsBucketFull() {
    local.cloud.clock().setSpeed(1e-6);
    local.service.knobs().throttling(true)
        .buckets(new Ec2Knobs.Bucket(2, 0.001), new Ec2Knobs.Bucket(1, 0.001));
    ec2.describeVpcs();
    ec2.describeVpcs();
    assertThat(codeOf(() -> ec2.describeVpcs())).isEqualTo("RequestLimitExceeded");

    ec2.describeNetworkInterfaces();
    ec2.describeNetworkInterfaces();
    assertThat(codeOf(() -> ec2.describeNetworkInterfaces())).as("its own bucket of the same shape")
        .isEqualTo("RequestLimitExceeded");
    ec2.describeTrafficMirrorSessions(b -> {});
    ec2.createTrafficMirrorFilter(b -> {});
    assertThat(codeOf(() -> ec2.createTrafficMirrorFilter(b -> {}))).isEqualTo("RequestLimitExceeded");
    ec2.createTrafficMirrorTarget(b -> b.gatewayLoadBalancerEndpointId("vpce-0123456789abcdef0"));
    assertThat(local.service.throttledCounts()).containsKeys("DescribeVpcs", "DescribeNetworkInterfaces", "CreateTrafficMirrorFilter")
        .doesNotContainKeys("DescribeTrafficMirrorSessions", "CreateTrafficMirrorTarget");
  }

  @Test
  void throttling_whenAwsDefaults_allowsBurstOfFiftyMutatingCalls() {
    local.service.knobs().throttling(true);
    local.cloud.clock().setSpeed(1e-6);
    int created = 0;
    for (int i = 0; i < 50; i++) {
      ec2.createTrafficMirrorFilter(b -> {});
      created++;
    }
    assertThat(created).isEqualTo(Ec2Knobs.DEFAULT_MUTATING_BUCKET.capacity());
    assertThat(codeOf(() -> ec2.createTrafficMirrorFilter(b -> {}))).isEqualTo("RequestLimitExceeded");
    ec2.describeVpcs();
  }

  @Test
  void latency_whenSet_delaysEachCallOnTheLocalClock() {
    local.cloud.clock().setSpeed(1_000);
    local.service.knobs().latency(Duration.ofSeconds(20), Duration.ofSeconds(30));
    Instant before = local.cloud.clock().instant();

    ec2.describeVpcs();

    assertThat(Duration.between(before, local.cloud.clock().instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void failNext_whenPlanned_failsExactlyThatManyCallsOfThatAction() {
    local.service.knobs().failNext("DescribeNetworkInterfaces", 2, Ec2Knobs.Fault.error("Unavailable"));

    AwsServiceException first = errorOf(() -> ec2.describeNetworkInterfaces());
    assertThat(first.awsErrorDetails().errorCode()).isEqualTo("Unavailable");
    assertThat(first.statusCode()).isEqualTo(503);
    ec2.describeVpcs();
    assertThat(codeOf(() -> ec2.describeNetworkInterfaces())).isEqualTo("Unavailable");
    ec2.describeNetworkInterfaces();
    local.service.knobs().failNext("CreateTrafficMirrorFilter", 1, Ec2Knobs.Fault.error("InvalidParameterValue"));
    assertThat(errorOf(() -> ec2.createTrafficMirrorFilter(b -> {})).statusCode()).isEqualTo(400);
    assertThat(local.world.filters()).isEmpty();
  }

  @Test
  void lostResponse_whenSdkRetriesWithItsClientToken_createsExactlyOneSession() {
    String eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    MirrorTarget target = local.world.createTarget(null, null, null, "vpce-0123456789abcdef0", null, null);
    MirrorFilter filter = local.world.createFilter(null, null, null);
    local.service.knobs().failNext("CreateTrafficMirrorSession", 1, Ec2Knobs.Fault.lostResponse());

    try (Ec2Client retrying = local.client(3)) {
      var session = retrying.createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorTargetId(target.id())
          .trafficMirrorFilterId(filter.id()).sessionNumber(1)).trafficMirrorSession();

      assertThat(local.world.sessions()).extracting(MirrorSession::id).containsExactly(session.trafficMirrorSessionId());
    }
    assertThat(local.service.callCount("CreateTrafficMirrorSession")).isEqualTo(2);
  }

  @Test
  void lostResponse_whenCallerCannotRetry_seesInternalErrorAfterStateChanged() {
    local.service.knobs().failNext("CreateTrafficMirrorFilter", 1, Ec2Knobs.Fault.lostResponse());

    AwsServiceException lost = errorOf(() -> ec2.createTrafficMirrorFilter(b -> {}));

    assertThat(lost.statusCode()).isEqualTo(500);
    assertThat(lost.awsErrorDetails().errorCode()).isEqualTo("InternalError");
    assertThat(local.world.filters()).hasSize(1);
  }

  @Test
  void callCounts_whenCallsMade_countEveryCallPerActionIncludingFailures() {
    ec2.describeVpcs();
    ec2.describeVpcs();
    codeOf(() -> ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId("tms-0123456789abcdef0")));

    assertThat(local.service.callCounts())
        .containsEntry("DescribeVpcs", 2L)
        .containsEntry("DeleteTrafficMirrorSession", 1L)
        .hasSize(2);
    local.service.resetCallCounts();
    assertThat(local.service.callCounts()).isEmpty();
  }

  @Test
  void dryRun_whenSet_answersDryRunOperationAndChangesNothing() {
    assertThat(codeOf(() -> ec2.createTrafficMirrorFilter(b -> b.dryRun(true)))).isEqualTo("DryRunOperation");
    assertThat(local.world.filters()).isEmpty();
  }
}
