package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.ec2.Ec2World;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Figure 5: JVM start to first handled request of each step, in a fresh JVM per run, for the
 * activities' Lambda jar (URL-connection client) and for the same handlers built with the SDK's
 * default HTTP client (Apache). Both JVMs run with C1 only, as Lambda's Java runtime does by default.
 */
final class ColdStart {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

  static ObjectNode run(int reps, Path urlConnectionClasspath, Path apacheJar) throws Exception {
    try (BenchCloud bench = BenchCloud.start(1).seedVpc(2, 10 + 4 * (reps + 1) * 3, 2)) {
      bench.register();
      Ec2World world = bench.cloud.ec2().world();
      String subnet = bench.subnetIds.get(0);
      // ENIs 0..9 carry owned sessions (to delete); the others are the fresh ENIs each create run uses.
      List<String> toDelete = new ArrayList<>();
      for (int i = 0; i < 10 + 3 * (reps + 1); i++) {
        String eni = bench.eligibleEnis.get(i);
        toDelete.add(world.createSession(new Ec2World.NewSession(null, eni, bench.targetId, bench.filterId, 1, null, null,
            null, Map.of("mirrorflow:cluster", BenchCloud.CLUSTER, "mirrorflow:vpc", bench.vpcId,
                "mirrorflow:subnet", subnet))).id() + " " + eni);
      }
      List<String> fresh = new ArrayList<>(bench.eligibleEnis.subList(10 + 3 * (reps + 1), bench.eligibleEnis.size()));
      String config = "{\"targetId\":\"" + bench.targetId + "\",\"filterId\":\"" + bench.filterId + "\"}";
      String cluster = "\"cluster\":\"" + BenchCloud.CLUSTER + "\",\"vpcId\":\"" + bench.vpcId + "\"";
      Map<String, List<Double>> url = new LinkedHashMap<>();
      Map<String, List<Double>> apache = new LinkedHashMap<>();
      Map<String, List<Double>> cds = new LinkedHashMap<>();
      Path dir = Files.createTempDirectory("mirrorflow-coldstart");
      int freshIndex = 0;
      int deleteIndex = 0;
      for (int rep = -1; rep < reps; rep++) {
        // Round -1 trains one class-data-sharing archive per step (what "what would close it" measures).
        for (String variant : rep < 0 ? List.of("train") : List.of("url", "apache", "cds")) {
          Map<String, String> payloads = new LinkedHashMap<>();
          payloads.put("PlanVpc", "{" + cluster + "}");
          payloads.put("PlanSubnet", "{" + cluster + ",\"subnetId\":\"" + subnet + "\",\"config\":" + config
              + ",\"tally\":{},\"createResults\":[],\"deleteResults\":[]}");
          payloads.put("CreateSessions", "{" + cluster + ",\"subnetId\":\"" + subnet + "\",\"targetId\":\""
              + bench.targetId + "\",\"filterId\":\"" + bench.filterId + "\",\"items\":[{\"eniId\":\""
              + fresh.get(freshIndex++) + "\",\"sessionNumber\":1,\"clientToken\":\"" + UUID.randomUUID() + "\"}]}");
          String[] d = toDelete.get(deleteIndex++).split(" ");
          payloads.put("DeleteSessions", "{" + cluster + ",\"subnetId\":\"" + subnet + "\",\"items\":[{\"sessionId\":\""
              + d[0] + "\",\"eniId\":\"" + d[1] + "\"}]}");
          payloads.put("TallySubnet", "{\"subnetId\":\"" + subnet + "\",\"tally\":{},\"createResults\":[],\"deleteResults\":[]}");
          payloads.put("Summarize", "{" + cluster + ",\"totals\":{\"create\":0,\"delete\":0,\"kept\":0,\"skipped\":{}},"
              + "\"subnetResults\":[]}");
          for (Map.Entry<String, String> step : payloads.entrySet()) {
            Path payload = dir.resolve(step.getKey() + ".json");
            Files.writeString(payload, step.getValue());
            String handler = "dev.mirrorflow.activities.handler." + step.getKey() + "Handler";
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_FLAGS);
            Path archive = dir.resolve(step.getKey() + ".jsa");
            if (variant.equals("apache")) {
              command.add("-Dmirrorflow.httpClient=sdk-default");
              command.add("-cp");
              command.add(apacheJar.toString());
            } else if (variant.equals("train") || variant.equals("cds")) {
              command.add(variant.equals("train") ? "-XX:ArchiveClassesAtExit=" + archive : "-XX:SharedArchiveFile=" + archive);
              command.add("-cp");
              command.add(urlConnectionClasspath.toString());
            } else {
              command.add("-cp");
              command.add(urlConnectionClasspath.toString());
            }
            command.addAll(List.of(ColdStartMain.class.getName(), handler, bench.cloud.endpoint().toString(),
                payload.toString()));
            double ms = time(command);
            Map<String, List<Double>> into = switch (variant) {
              case "url" -> url;
              case "apache" -> apache;
              case "cds" -> cds;
              default -> new LinkedHashMap<>();
            };
            into.computeIfAbsent(step.getKey(), k -> new ArrayList<>()).add(ms);
          }
        }
      }
      ObjectNode out = JSON.createObjectNode();
      out.put("reps", reps).put("jvmFlags", String.join(" ", JVM_FLAGS));
      ArrayNode steps = out.putArray("steps");
      for (String step : url.keySet()) {
        double u = median(url.get(step));
        double a = median(apache.get(step));
        steps.addObject().put("step", step).put("urlConnectionMillis", u).put("sdkDefaultMillis", a)
            .put("speedup", a / u).put("urlConnectionWithAppCdsMillis", median(cds.get(step)));
      }
      return out;
    }
  }

  private static double time(List<String> command) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder seen = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("HANDLED")) {
          double ms = (System.nanoTime() - start) / 1e6;
          p.waitFor();
          return ms;
        }
        seen.append(line).append('\n');
      }
    }
    p.waitFor();
    throw new IllegalStateException("cold start run failed (exit " + p.exitValue() + "): " + command + "\n" + seen);
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

}
