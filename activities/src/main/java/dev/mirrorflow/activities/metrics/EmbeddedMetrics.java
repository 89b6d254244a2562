package dev.mirrorflow.activities.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes CloudWatch Embedded Metric Format lines to stdout, where Lambda's log agent turns them
 * into metrics: namespace {@value #NAMESPACE}, dimensions {@code Cluster} and {@code VpcId}. The
 * dashboard graphs exactly the metric names below.
 */
public final class EmbeddedMetrics {
  public static final String NAMESPACE = "Mirrorflow";
  public static final String SESSIONS_CREATED = "SessionsCreated";
  public static final String SESSIONS_DELETED = "SessionsDeleted";
  public static final String ENIS_SKIPPED = "EnisSkipped";
  public static final String SESSION_FAILURES = "SessionFailures";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final Clock clock;

  public EmbeddedMetrics(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** Metrics to standard output, stamped with the system clock. */
  public static EmbeddedMetrics toStdout() {
    return new EmbeddedMetrics(System.out, Clock.systemUTC());
  }

  /** Emits one line with {@code counts} (metric name to count) for the cluster and VPC. */
  public void emit(String cluster, String vpcId, Map<String, ? extends Number> counts) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode aws = line.putObject("_aws");
    aws.put("Timestamp", clock.millis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("Cluster").add("VpcId");
    ArrayNode metrics = directive.putArray("Metrics");
    line.put("Cluster", cluster);
    line.put("VpcId", vpcId);
    new LinkedHashMap<String, Number>(counts).forEach((name, value) -> {
      metrics.addObject().put("Name", name).put("Unit", "Count");
      line.put(name, value.longValue());
    });
    try {
      out.println(JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an ObjectNode always serializes", e);
    }
  }
}
