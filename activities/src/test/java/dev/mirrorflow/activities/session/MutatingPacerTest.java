package dev.mirrorflow.activities.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.activities.ec2.CreateOutcome;
import dev.mirrorflow.activities.ec2.DeleteOutcome;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.ec2.MirrorTarget;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.ec2.NewSession;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Creates and deletes against an EC2 whose mutating calls share a token bucket like EC2's (50 burst,
 * 5 a second), on a fake clock: the pacer waits by advancing the clock, each call takes 30 ms of it.
 */
class MutatingPacerTest {
  static final String VPC = "vpc-00000000000000001";
  static final String SUBNET = "subnet-0000000000000000a";
  static final String TARGET = "tmt-0000000000000000a";
  static final String FILTER = "tmf-0000000000000000a";
  static final long FUNCTION_TIMEOUT_MILLIS = 60_000;

  /** Milliseconds of fake time. */
  long now;
  final InMemoryEc2 memory = new InMemoryEc2(VPC);
  final BucketEc2 ec2 = new BucketEc2(memory, 50, 5);
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final PrintStream log = new PrintStream(stdout, true, StandardCharsets.UTF_8);
  final EmbeddedMetrics metrics = new EmbeddedMetrics(log, Clock.systemUTC());
  final FakeRegistry registry = new FakeRegistry().register("blue", VPC, VpcMirroringConfig.of(TARGET, FILTER));

  /** A pacer for one invocation that started now, with the function's timeout ahead of it. */
  MutatingPacer invocation() {
    long deadline = now + FUNCTION_TIMEOUT_MILLIS;
    return new MutatingPacer(d -> now += d.toMillis(), () -> deadline - now);
  }

  List<CreateBatch> batchesOf(int enis, int perBatch) {
    List<CreateBatch> batches = new ArrayList<>();
    List<CreateBatch.CreateItem> items = new ArrayList<>();
    for (int i = 0; i < enis; i++) {
      items.add(new CreateBatch.CreateItem(memory.addInstanceEni(SUBNET, "m5.large"), 1, "tok-" + i, "m5.large"));
      if (items.size() == perBatch || i == enis - 1) {
        batches.add(new CreateBatch("blue", VPC, SUBNET, TARGET, FILTER, null, null, items));
        items = new ArrayList<>();
      }
    }
    return batches;
  }

  @Test
  void create_whenTheBurstEmptiesTheBucket_finishesNearTheRefillBoundWithFewThrottledCalls() {
    // 100 sessions in batches of 20, one after another as the state machine's Map runs them.
    for (CreateBatch batch : batchesOf(100, 20)) {
      CreateBatchResult result = new SessionCreator(registry, ec2, metrics, log, Clock.systemUTC(), invocation())
          .create(batch);
      assertThat(result.created()).isEqualTo(20);
    }

    assertThat(memory.sessions).hasSize(100);
    // The bound: 50 from the burst, then 50 at 5 a second.
    long boundMillis = 10_000;
    assertThat(now).isLessThanOrEqualTo(boundMillis * 12 / 10);
    assertThat(ec2.throttled).isPositive().isLessThanOrEqualTo(10);
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"event\":\"MutatingCallsPaced\"")
        .contains("\"outcome\":\"finished\"");
  }

  @Test
  void create_whenUnpaced_failsAtTheFirstThrottleAsBefore() {
    List<CreateBatch> batches = batchesOf(60, 60);
    ec2.refillPerSecond = 0;
    ec2.tokens = 10;

    assertThatThrownBy(() -> new SessionCreator(registry, ec2, metrics, log, Clock.systemUTC(), MutatingPacer.unpaced())
        .create(batches.get(0)))
        .isInstanceOfSatisfying(TransientEc2Exception.class, e -> assertThat(e.errorCode()).isEqualTo("RequestLimitExceeded"));
    assertThat(memory.sessions).hasSize(10);
    assertThat(now).isEqualTo(11 * BucketEc2.LATENCY_MILLIS);
  }

  @Test
  void create_whenTheInvocationRunsOutOfTime_handsTheRestBackWithTheThrottle() {
    // Another caller holds the bucket empty: nothing refills for this invocation.
    ec2.refillPerSecond = 0;
    ec2.tokens = 5;
    List<CreateBatch> batches = batchesOf(20, 20);
    MutatingPacer pacer = invocation();

    assertThatThrownBy(() -> new SessionCreator(registry, ec2, metrics, log, Clock.systemUTC(), pacer)
        .create(batches.get(0)))
        .isInstanceOfSatisfying(TransientEc2Exception.class, e -> assertThat(e.errorCode()).isEqualTo("RequestLimitExceeded"));
    assertThat(memory.sessions).hasSize(5);
    // It stopped waiting with the margin still ahead, and slowed down: a handful of calls, not one per refill interval.
    assertThat(FUNCTION_TIMEOUT_MILLIS - now).isGreaterThanOrEqualTo(MutatingPacer.MARGIN.toMillis());
    assertThat(pacer.throttled()).isBetween(5, 20);
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"gaveUp\"");
  }

  @Test
  void call_whenEc2FailsOtherwise_rethrowsAtOnceWithoutWaiting() {
    MutatingPacer pacer = invocation();

    assertThatThrownBy(() -> pacer.call(() -> {
      throw new TransientEc2Exception("InternalError", "a 500", null);
    })).isInstanceOf(TransientEc2Exception.class);
    assertThat(now).isZero();
    assertThat(pacer.throttled()).isZero();
  }

  @Test
  void call_afterThrottlesThenSuccesses_speedsUpUntilUnpaced() {
    MutatingPacer pacer = invocation();
    int[] calls = {0};
    // Two throttles, then success every time.
    for (int i = 0; i < 60; i++) {
      pacer.call(() -> {
        if (calls[0]++ < 2) {
          throw new TransientEc2Exception("RequestLimitExceeded", "throttled", null);
        }
        return "ok";
      });
    }
    long paced = now;
    pacer.call(() -> "ok");

    assertThat(pacer.throttled()).isEqualTo(2);
    assertThat(pacer.waited().toMillis()).isEqualTo(paced);
    assertThat(now).as("no wait once it has sped up past a quarter of the refill interval").isEqualTo(paced);
  }

  @Test
  void delete_whenTheBucketIsEmpty_deletesEverySessionPaced() {
    List<DeleteBatch.DeleteItem> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String eni = memory.addInstanceEni(SUBNET, "m5.large");
      String id = memory.addSession(eni, TARGET, FILTER, 1, null, null, Map.of(MirrorTags.CLUSTER, "blue"));
      items.add(new DeleteBatch.DeleteItem(id, eni));
    }
    ec2.tokens = 0;

    DeleteBatchResult result = new SessionDeleter(ec2, metrics, invocation()).delete(new DeleteBatch("blue", VPC, SUBNET, items));

    assertThat(result.deleted()).isEqualTo(30);
    assertThat(memory.sessions).isEmpty();
    assertThat(ec2.throttled).isLessThanOrEqualTo(5);
    assertThat(now).isLessThanOrEqualTo(30 * 200 * 12 / 10);
  }

  /** EC2 whose create and delete calls share one token bucket on the test's fake clock; describes are free. */
  final class BucketEc2 implements Ec2Mirroring {
    static final long LATENCY_MILLIS = 30;
    final InMemoryEc2 delegate;
    final int burst;
    double refillPerSecond;
    double tokens;
    long refilledAt;
    int throttled;

    BucketEc2(InMemoryEc2 delegate, int burst, double refillPerSecond) {
      this.delegate = delegate;
      this.burst = burst;
      this.refillPerSecond = refillPerSecond;
      this.tokens = burst;
    }

    private void take() {
      now += LATENCY_MILLIS;
      tokens = Math.min(burst, tokens + (now - refilledAt) * refillPerSecond / 1000);
      refilledAt = now;
      if (tokens < 1) {
        throttled++;
        throw new TransientEc2Exception("RequestLimitExceeded", "Request limit exceeded.", null);
      }
      tokens--;
    }

    @Override
    public CreateOutcome createSession(NewSession session) {
      take();
      return delegate.createSession(session);
    }

    @Override
    public DeleteOutcome deleteSession(String sessionId) {
      take();
      return delegate.deleteSession(sessionId);
    }

    @Override
    public List<NetworkInterface> networkInterfaces(String vpcId, Collection<String> subnetIds) {
      return delegate.networkInterfaces(vpcId, subnetIds);
    }

    @Override
    public Map<String, Instance> instances(String vpcId, Collection<String> instanceIds) {
      return delegate.instances(vpcId, instanceIds);
    }

    @Override
    public List<MirrorSession> sessionsOn(Collection<String> eniIds) {
      return delegate.sessionsOn(eniIds);
    }

    @Override
    public boolean vpcExists(String vpcId) {
      return delegate.vpcExists(vpcId);
    }

    @Override
    public boolean targetExists(String targetId) {
      return delegate.targetExists(targetId);
    }

    @Override
    public boolean filterExists(String filterId) {
      return delegate.filterExists(filterId);
    }

    @Override
    public List<MirrorTarget> targets() {
      return delegate.targets();
    }

    @Override
    public List<NetworkInterface> networkInterfacesTagged(Collection<String> tagKeys) {
      return delegate.networkInterfacesTagged(tagKeys);
    }

    @Override
    public void tagNetworkInterfaces(Collection<String> eniIds, String key, String value) {
      delegate.tagNetworkInterfaces(eniIds, key, value);
    }
  }
}
