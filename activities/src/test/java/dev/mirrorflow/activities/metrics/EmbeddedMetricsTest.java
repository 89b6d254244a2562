package dev.mirrorflow.activities.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {

  @Test
  void emit_whenCounts_writesOneEmfLineWithNamespaceDimensionsAndValues() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    EmbeddedMetrics metrics = new EmbeddedMetrics(new PrintStream(out, true, StandardCharsets.UTF_8),
        Clock.fixed(now, ZoneOffset.UTC));

    metrics.emit("blue", "vpc-00000000000000001", Map.of(EmbeddedMetrics.SESSIONS_CREATED, 3));

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(text);
    JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
    assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(now.toEpochMilli());
    assertThat(directive.get("Namespace").asText()).isEqualTo("Mirrorflow");
    assertThat(directive.at("/Dimensions/0").toString()).isEqualTo("[\"Cluster\",\"VpcId\"]");
    assertThat(directive.at("/Metrics/0/Name").asText()).isEqualTo("SessionsCreated");
    assertThat(line.get("SessionsCreated").asLong()).isEqualTo(3);
    assertThat(line.get("Cluster").asText()).isEqualTo("blue");
    assertThat(line.get("VpcId").asText()).isEqualTo("vpc-00000000000000001");
  }

  @Test
  void emitWithClusterTotal_whenCounts_addsTheClusterAloneAsASecondDimensionSet() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EmbeddedMetrics metrics = new EmbeddedMetrics(new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC());

    metrics.emitWithClusterTotal("blue", "vpc-00000000000000001", Map.of(EmbeddedMetrics.SUBNETS_FAILED, 2));

    JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
    assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Cluster\",\"VpcId\"],[\"Cluster\"]]");
    assertThat(line.get("SubnetsFailed").asLong()).isEqualTo(2);
  }
}
