package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SummarizeHandlerTest {

  @Test
  void handleRequest_whenOneSubnetFailed_reportsItAndAddsUpTheOthers() {
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

    JsonNode out = Steps.invoke(new SummarizeHandler(), input);

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
  }
}
