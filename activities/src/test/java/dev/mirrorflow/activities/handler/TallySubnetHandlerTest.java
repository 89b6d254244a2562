package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TallySubnetHandlerTest {

  @Test
  void handleRequest_whenLastRoundHadResults_foldsThemIntoACompactTally() {
    String input = """
        {"subnetId":"subnet-0000000000000000a","tally":{"rounds":2,"created":500,"deleted":1,"failed":{"X":1}},
         "createResults":[{"subnetId":"subnet-0000000000000000a","created":19,
           "failed":{"NetworkInterfaceNotSupported":1,"X":2},
           "failures":[{"eniId":"eni-0000000000000000a","error":"NetworkInterfaceNotSupported","message":"no"}]}],
         "deleteResults":[{"subnetId":"subnet-0000000000000000a","deleted":2,"alreadyGone":1}],
         "createBatches":[{"ignored":true}]}
        """;

    JsonNode out = Steps.invoke(new TallySubnetHandler(), input);

    assertThat(out.toString()).isEqualTo("{\"subnetId\":\"subnet-0000000000000000a\",\"tally\":{\"rounds\":2,"
        + "\"created\":519,\"deleted\":4,\"failed\":{\"NetworkInterfaceNotSupported\":1,\"X\":3}}}");
  }
}
