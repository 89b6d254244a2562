package dev.mirrorflow.activities.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.mirrorflow.activities.plan.MirrorStateReader;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorSessionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorSessionsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorTargetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorTargetsResponse;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceAttachment;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSession;

/**
 * A whole-VPC read of 10,000 ENIs (100 subnets, an instance and a session each), as PlanVpc and
 * PlanScan make it, through the real adapter and the real reader, each call waiting for its token of
 * the step's describe budget on a clock that only the budget's waits and each call's latency move.
 */
class WholeVpcReadBudgetTest {
  static final int ENIS = 10_000;
  static final int SUBNETS = 100;
  /** A describe call's own time (EC2 answers a page of 1,000 in well under this). */
  static final Duration LATENCY = Duration.ofMillis(250);

  @ParameterizedTest
  @ValueSource(strings = {"PlanVpc", "PlanScan"})
  void wholeVpcRead_atTheDefaultPlan_endsWithinTheStepTimeout(String step) {
    DescribeBudgetPlan plan = DescribeBudgetPlan.defaults();
    Read read = read(plan.rates(step), plan.burst(step));

    assertThat(read.pages()).as("pages of 1,000 per action").containsEntry("DescribeNetworkInterfaces", 11)
        .containsEntry("DescribeInstances", 10).containsEntry("DescribeTrafficMirrorSessions", 10);
    assertThat(read.enis()).isEqualTo(ENIS);
    assertThat(read.took()).as("%s's read of a %d-ENI VPC", step, ENIS).isLessThanOrEqualTo(DescribeBudgetPlan.STEP_TIMEOUT);
    assertThat(read.took()).as("the plan's own worst case, plus each call's latency")
        .isLessThanOrEqualTo(plan.wholeVpcRead(step, ENIS).plus(LATENCY.multipliedBy(32)));
  }

  @Test
  void wholeVpcRead_atAnEvenSplitOfTheSameShare_wouldOutlastTheStepTimeout() {
    DescribeBudgetPlan plan = DescribeBudgetPlan.defaults();
    double even = plan.share() * plan.refillPerSecond() / plan.totalReserved();
    Read read = read(Map.of("DescribeNetworkInterfaces", even, "DescribeInstances", even,
        "DescribeTrafficMirrorSessions", even, "DescribeTrafficMirrorTargets", even), 1);

    assertThat(read.took()).isGreaterThan(DescribeBudgetPlan.STEP_TIMEOUT);
  }

  record Read(Duration took, Map<String, Integer> pages, int enis) {}

  static Read read(Map<String, Double> rates, int burst) {
    AtomicLong millis = new AtomicLong(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
    Clock clock = new Clock() {
      @Override public ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(ZoneId zone) { return this; }
      @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    };
    Map<String, Integer> pages = new ConcurrentHashMap<>();
    Ec2Client client = mock(Ec2Client.class);
    when(client.describeNetworkInterfaces(any(DescribeNetworkInterfacesRequest.class))).thenAnswer(call -> {
      DescribeNetworkInterfacesRequest r = call.getArgument(0);
      int page = called("DescribeNetworkInterfaces", pages, millis, r.nextToken());
      if (r.filters().stream().anyMatch(f -> f.name().equals("tag-key"))) {
        return DescribeNetworkInterfacesResponse.builder().build();
      }
      return DescribeNetworkInterfacesResponse.builder()
          .networkInterfaces(IntStream.range(page * 1000, (page + 1) * 1000).mapToObj(i -> NetworkInterface.builder()
              .networkInterfaceId(String.format("eni-%017x", i)).subnetId(String.format("subnet-%017x", i % SUBNETS))
              .interfaceType("interface").attachment(NetworkInterfaceAttachment.builder()
                  .instanceId(String.format("i-%017x", i)).build()).build()).toList())
          .nextToken(next(page)).build();
    });
    when(client.describeInstances(any(DescribeInstancesRequest.class))).thenAnswer(call -> {
      int page = called("DescribeInstances", pages, millis, ((DescribeInstancesRequest) call.getArgument(0)).nextToken());
      return DescribeInstancesResponse.builder().reservations(Reservation.builder()
          .instances(IntStream.range(page * 1000, (page + 1) * 1000).mapToObj(i ->
              software.amazon.awssdk.services.ec2.model.Instance.builder()
                  .instanceId(String.format("i-%017x", i)).instanceType("m5.large").build()).toList()).build())
          .nextToken(next(page)).build();
    });
    when(client.describeTrafficMirrorTargets(any(DescribeTrafficMirrorTargetsRequest.class))).thenAnswer(call -> {
      called("DescribeTrafficMirrorTargets", pages, millis, null);
      return DescribeTrafficMirrorTargetsResponse.builder().build();
    });
    when(client.describeTrafficMirrorSessions(any(DescribeTrafficMirrorSessionsRequest.class))).thenAnswer(call -> {
      DescribeTrafficMirrorSessionsRequest r = call.getArgument(0);
      int page = called("DescribeTrafficMirrorSessions", pages, millis, r.nextToken());
      return DescribeTrafficMirrorSessionsResponse.builder()
          .trafficMirrorSessions(IntStream.range(page * 1000, (page + 1) * 1000).mapToObj(i -> TrafficMirrorSession.builder()
              .trafficMirrorSessionId(String.format("tms-%017x", i)).networkInterfaceId(String.format("eni-%017x", i))
              .trafficMirrorTargetId("tmt-00000000000000001").trafficMirrorFilterId("tmf-00000000000000001")
              .sessionNumber(1).build()).toList())
          .nextToken(next(page)).build();
    });
    DescribeBudget budget = DescribeBudget.of(rates, burst, clock, d -> millis.addAndGet(d.toMillis()));
    MirrorStateReader reader = new MirrorStateReader(new SdkEc2Mirroring(client, budget), clock, true);
    List<String> subnets = IntStream.range(0, SUBNETS).mapToObj(i -> String.format("subnet-%017x", i)).toList();
    long start = millis.get();

    MirrorStateReader.Snapshot snapshot = reader.read("vpc-0123456789abcdef0", subnets,
        VpcMirroringConfig.of("tmt-00000000000000001", "tmf-00000000000000001"));

    assertThat(snapshot.sessions()).hasSize(ENIS);
    return new Read(Duration.ofMillis(millis.get() - start), pages, snapshot.enis().size());
  }

  private static int called(String action, Map<String, Integer> pages, AtomicLong millis, String token) {
    pages.merge(action, 1, Integer::sum);
    millis.addAndGet(LATENCY.toMillis());
    return token == null ? 0 : Integer.parseInt(token);
  }

  private static String next(int page) {
    return page + 1 < ENIS / 1000 ? String.valueOf(page + 1) : null;
  }
}
