package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.ec2.Instance;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/**
 * Figure 4: from an instance's state-change event to its session, on a real-time clock. Only
 * measured when the repository has the event-router workflow; otherwise reported as not measured.
 */
final class EventToSession {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration GIVE_UP = Duration.ofSeconds(30);
  static final int LAUNCHES = 5;

  static ObjectNode run() throws Exception {
    ObjectNode out = JSON.createObjectNode();
    if (!Files.exists(LocalCloud.stateMachinesDirectory().resolve("event-router.asl.json"))) {
      return out.put("measured", false).put("reason", "not measured: event path not present");
    }
    try (BenchCloud bench = BenchCloud.start(1).seedVpc(2, 20, 4)) {
      bench.registerAndReconcile().await(Duration.ofMinutes(5));
      bench.putStateChangeRule();
      BulkConvergence.configure(bench.cloud.ec2().knobs());
      java.util.List<Double> millis = new java.util.ArrayList<>();
      for (int i = 0; i < LAUNCHES; i++) {
        long start = System.nanoTime();
        Instance launched = bench.cloud.ec2().world()
            .runInstances(bench.subnetIds.get(i % bench.subnetIds.size()), "m5.large", 1, Map.of(), Map.of()).get(0);
        String eni = bench.cloud.ec2().world().networkInterfaces().stream()
            .filter(n -> n.attachment() != null && n.attachment().instanceId().equals(launched.id()))
            .findFirst().orElseThrow().id();
        while (!bench.ownedByEni().containsKey(eni)) {
          if (System.nanoTime() - start > GIVE_UP.toNanos()) {
            return out.put("measured", false).put("reason", "no session within " + GIVE_UP.toSeconds()
                + " s of the event (is the state-change rule deployed?)");
          }
          Thread.sleep(5);
        }
        millis.add((System.nanoTime() - start) / 1e6);
      }
      return out.put("measured", true).put("launches", LAUNCHES).put("millis", ColdStart.median(millis))
          .put("maxMillis", millis.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
  }
}
