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
  /** Subnets a reconcile reported failed (the rest of the VPC went on). */
  public static final String SUBNETS_FAILED = "SubnetsFailed";
  /** Per-ENI refusals that will not go away by themselves (see the summary's PermanentRefusals). */
  public static final String PERMANENT_REFUSALS = "PermanentRefusals";

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
    emit(cluster, vpcId, counts, false);
  }

  /**
   * As {@link #emit}, and also as the cluster's total (dimension {@code Cluster} alone): an alarm
   * watches one metric, and a VPC registered after the deploy must count without a new alarm.
   */
  public void emitWithClusterTotal(String cluster, String vpcId, Map<String, ? extends Number> counts) {
    emit(cluster, vpcId, counts, true);
  }

  private void emit(String cluster, String vpcId, Map<String, ? extends Number> counts, boolean clusterTotal) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode aws = line.putObject("_aws");
    aws.put("Timestamp", clock.millis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    ArrayNode dimensions = directive.putArray("Dimensions");
    dimensions.addArray().add("Cluster").add("VpcId");
    if (clusterTotal) {
      dimensions.addArray().add("Cluster");
    }
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
