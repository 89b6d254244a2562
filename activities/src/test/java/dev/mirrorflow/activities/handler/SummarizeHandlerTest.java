package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class SummarizeHandlerTest {

  @Test
  void handleRequest_whenOneSubnetFailed_reportsItAndAddsUpTheOthers() throws Exception {
    String input = """
        {"cluster":"blue","vpcId":"vpc-00000000000000001",
         "totals":{"create":9,"delete":1,"kept":40,"skipped":{"notInterfaceType":3}},
         "subnetResults":[
          {"subnetId":"subnet-0000000000000000a","tally":{"rounds":2,"created":5,"deleted":0},
           "createResults":[{"subnetId":"subnet-0000000000000000a","created":2,"failed":{"NetworkInterfaceNotSupported":1}}],
           "deleteResults":[{"subnetId":"subnet-0000000000000000a","deleted":1,"alreadyGone":0}]},
          {"subnetId":"subnet-0000000000000000b","tally":{},
           "error":"dev.mirrorflow.activities.ec2.TransientEc2Exception","cause":"%s"}]}
        """.formatted("x".repeat(2000));

    ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    JsonNode out = Steps.invoke(new SummarizeHandler(new EmbeddedMetrics(
        new PrintStream(metrics, true, StandardCharsets.UTF_8), Clock.systemUTC())), input);

    assertThat(out.get("created").asInt()).isEqualTo(7);
    assertThat(out.get("deleted").asInt()).isEqualTo(1);
    assertThat(out.get("kept").asInt()).isEqualTo(40);
    assertThat(out.at("/skipped/notInterfaceType").asInt()).isEqualTo(3);
    assertThat(out.at("/failed/NetworkInterfaceNotSupported").asInt()).isEqualTo(1);
    assertThat(out.get("failed").get("dev.mirrorflow.activities.ec2.TransientEc2Exception").asInt()).isEqualTo(1);
    assertThat(out.get("failedSubnets")).singleElement().satisfies(f -> {
      assertThat(f.get("subnetId").asText()).isEqualTo("subnet-0000000000000000b");
      assertThat(f.get("cause").asText().length()).isLessThan(600);
    });
    JsonNode emitted = StepJson.MAPPER.readTree(metrics.toString(StandardCharsets.UTF_8));
    assertThat(emitted.get("SubnetsFailed").asInt()).as("for the alarm on failed subnets").isEqualTo(1);
    assertThat(emitted.get("PermanentRefusals").asInt()).as("NetworkInterfaceNotSupported needs nobody").isZero();
    assertThat(emitted.at("/_aws/CloudWatchMetrics/0/Dimensions/1").toString()).isEqualTo("[\"Cluster\"]");
  }
}
