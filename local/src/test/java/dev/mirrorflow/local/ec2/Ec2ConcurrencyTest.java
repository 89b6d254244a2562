package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class Ec2ConcurrencyTest {
  private static final int THREADS = 12;
  private LocalEc2 local;
  private ExecutorService pool;
  private String eni;
  private String targetId;
  private String filterId;

  @BeforeEach
  void start() {
    local = LocalEc2.start();
    pool = Executors.newFixedThreadPool(THREADS);
    Worlds w = Worlds.vpcWithTwoSubnets(local.world);
    eni = Worlds.instanceEni(local.world, w.subnetA, "m5.large");
    targetId = local.world.createTarget(null, null, null, "vpce-0123456789abcdef0", null, null).id();
    filterId = local.world.createFilter(null, null, null).id();
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    local.close();
  }

  @Test
  void createTrafficMirrorSession_whenManyRaceOnOneEni_exactlyThreeWinAndTheRestHitTheLimit() throws Exception {
    List<String> outcomes = race(i -> local.ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni)
        .trafficMirrorTargetId(targetId).trafficMirrorFilterId(filterId).sessionNumber(i + 1))
        .trafficMirrorSession().trafficMirrorSessionId());

    assertThat(outcomes.stream().filter(o -> o.startsWith("tms-"))).hasSize(3);
    assertThat(outcomes.stream().filter(o -> !o.startsWith("tms-")))
        .hasSize(THREADS - 3).containsOnly("TrafficMirrorSessionsPerInterfaceLimitExceeded");
    assertThat(local.world.sessions()).hasSize(3);
  }

  @Test
  void createTrafficMirrorSession_whenManyRaceWithOneClientToken_allGetTheSameSession() throws Exception {
    List<String> outcomes = race(i -> local.ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni)
        .trafficMirrorTargetId(targetId).trafficMirrorFilterId(filterId).sessionNumber(1).clientToken("same"))
        .trafficMirrorSession().trafficMirrorSessionId());

    assertThat(outcomes).hasSize(THREADS).containsOnly(local.world.sessions().get(0).id());
    assertThat(local.world.sessions()).hasSize(1);
  }

  private interface Call {
    String run(int i);
  }

  private List<String> race(Call call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int n = i;
      futures.add(pool.submit(() -> {
        go.await();
        try {
          return call.run(n);
        } catch (AwsServiceException e) {
          return e.awsErrorDetails().errorCode();
        }
      }));
    }
    go.countDown();
    List<String> out = new ArrayList<>();
    for (Future<String> f : futures) {
      out.add(f.get());
    }
    return out;
  }
}
