package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bulk convergence across accounts (issue 14): three member accounts of N eligible ENIs each,
 * registered by three add-vpc runs started together. EC2's token buckets are per account, so the
 * three should converge in about the time one account's mutating bucket allows (its lower bound),
 * not three times that. The bound and the figure come from the same run.
 */
final class AccountsBulkConvergence {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "bench";
  static final List<String> ACCOUNTS = List.of("222222222222", "333333333333", "444444444444");

  /**
   * {@link Bench}'s entry: the bulk shape in one account alone (the baseline), then in each of three
   * accounts at once, each on a fresh local cloud at the same clock speed.
   */
  static ObjectNode run(BulkConvergence.Shape shape, double speed) throws Exception {
    ObjectNode alone = converge(ACCOUNTS.subList(0, 1), shape, speed);
    ObjectNode together = converge(ACCOUNTS, shape, speed);
    ObjectNode out = JSON.createObjectNode();
    out.set("oneAccountAlone", alone);
    out.set("threeAccountsTogether", together);
    out.put("ratioThreeTogetherToOneAlone", together.path("secondsToLastSessionOfAll").asDouble()
        / alone.path("secondsToLastSessionOfAll").asDouble());
    return out;
  }

  static ObjectNode converge(List<String> accounts, BulkConvergence.Shape shape, double speed) throws Exception {
    try (LocalCloud cloud = LocalCloud.create(0, LocalClock.speeded(speed)).start()) {
      Deployment deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), null, null);
      Ec2World hub = cloud.ec2().world();
      String target = hub.createTarget(null, null, null, "vpce-0123456789abcdef0", "bench", Map.of()).id();
      Map<String, String> vpcs = new LinkedHashMap<>();
      Map<String, String> filters = new LinkedHashMap<>();
      for (String account : accounts) {
        cloud.deployMember(account, CLUSTER, LocalCloud.stateMachinesDirectory());
        cloud.ec2().shareTarget(LocalCloud.ACCOUNT_ID, target, account);
        Ec2World world = cloud.ec2().world(account);
        String vpc = world.createVpc(null, "10.0.0.0/8", Map.of("Name", "bench-" + account)).id();
        for (int s = 0; s < shape.subnets(); s++) {
          String subnet = world.createSubnet(null, vpc, "10." + (s / 250) + "." + (s % 250) + ".0/24",
              "us-east-1" + (char) ('a' + s % 3), Map.of()).id();
          world.runInstances(subnet, "m5.large", shape.eligiblePerSubnet(), Map.of(), Map.of());
          if (shape.ineligiblePerSubnet() > 0) {
            world.runInstances(subnet, "t2.micro", shape.ineligiblePerSubnet(), Map.of(), Map.of());
          }
        }
        vpcs.put(account, vpc);
        filters.put(account, world.createFilter(null, "bench", Map.of()).id());
      }
      BulkConvergence.configure(cloud.ec2().knobs());
      Map<String, Instant> lastSession = new ConcurrentHashMap<>();
      Map<String, Long> seen = new ConcurrentHashMap<>();
      Instant start = cloud.clock().instant();
      long realStart = System.nanoTime();
      List<Execution> runs = new ArrayList<>();
      for (String account : accounts) {
        ObjectNode input = JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpcs.get(account));
        input.putObject("config").put("targetId", target).put("filterId", filters.get(account)).put("account", account);
        runs.add(cloud.stepFunctions().startExecution(deployment.stateMachineArn("add-vpc"),
            "accounts-bench-" + account, input.toString()));
      }
      Thread watcher = new Thread(() -> {
        while (runs.stream().anyMatch(r -> !r.completion().isDone())) {
          for (String account : accounts) {
            long owned = owned(cloud.ec2().world(account));
            if (owned > seen.getOrDefault(account, 0L)) {
              seen.put(account, owned);
              lastSession.put(account, cloud.clock().instant());
            }
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      watcher.setDaemon(true);
      watcher.start();
      for (Execution run : runs) {
        run.await(Duration.ofMinutes(60));
      }
      watcher.join();
      double bound = BulkConvergence.lowerBoundSeconds(shape.eligible());
      ObjectNode out = JSON.createObjectNode();
      out.put("accounts", accounts.size()).put("eligibleEnisPerAccount", shape.eligible()).put("clockSpeed", speed)
          .put("lowerBoundOfOneAccountSeconds", bound).put("serialBoundSeconds", bound * accounts.size());
      ArrayNode per = out.putArray("perAccount");
      double slowest = 0;
      for (int i = 0; i < accounts.size(); i++) {
        String account = accounts.get(i);
        Execution done = runs.get(i);
        Instant last = lastSession.getOrDefault(account, done.stopDate().orElse(start));
        double seconds = Duration.between(start, last).toMillis() / 1000.0;
        slowest = Math.max(slowest, seconds);
        per.addObject().put("account", account).put("status", done.status().name())
            .put("secondsToLastSession", seconds)
            .put("mirrored", owned(cloud.ec2().world(account)));
      }
      out.put("secondsToLastSessionOfAll", slowest)
          .put("ratioToOneAccountsBound", bound == 0 ? 0 : slowest / bound)
          .put("ratioToSerialBound", bound == 0 ? 0 : slowest / (bound * accounts.size()))
          .put("hubSessions", owned(hub))
          .put("realSeconds", (System.nanoTime() - realStart) / 1e9);
      return out;
    }
  }

  private static long owned(Ec2World world) {
    return world.sessions().stream().map(MirrorSession::id)
        .filter(id -> CLUSTER.equals(world.tags(id).get("mirrorflow:cluster"))).count();
  }
}
