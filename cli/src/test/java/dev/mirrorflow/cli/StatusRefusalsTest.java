package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code status} shows the refusals remembered on a VPC's ENIs (issue 11, item 5). */
class StatusRefusalsTest {
  final LocalCli cli = new LocalCli(1);

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void status_whenTheAccountQuotaRefusedSomeEnis_showsThemWithTheirCodeAndUntilWhen() {
    cli.setup.cloud().ec2().knobs().sessionLimit(2);
    try {
      LocalCli.Result added = cli.run("add-vpc", cli.vpc);
      assertThat(added.code()).as("%s", added).isZero();

      LocalCli.Result json = cli.run("--output", "json", "status", cli.vpc);
      LocalCli.Result table = cli.run("status", cli.vpc);

      assertThat(json.code()).as("%s", json).isZero();
      JsonNode refusals = json.json().get(0).path("rememberedRefusals");
      // The demo VPC has five eligible ENIs and search's m8i (which EC2 refuses in this scenario) to try,
      // and room for two sessions (the security team's is one of them): one is created, the others are
      // refused by the quota or not tried; the m8i is remembered by the quota's code or by its own.
      List<JsonNode> quota = new ArrayList<>();
      refusals.forEach(r -> {
        if ("TrafficMirrorSessionLimitExceeded".equals(r.path("error").asText())) {
          quota.add(r);
        } else {
          assertThat(r.path("error").asText()).isEqualTo("NetworkInterfaceNotSupported");
          assertThat(r.path("instanceType").asText()).isEqualTo("m8i.large");
        }
      });
      assertThat(quota.size()).isBetween(1, 5);
      assertThat(refusals).allSatisfy(r -> assertThat(r.path("until").asText()).isGreaterThan(r.path("since").asText()));
      assertThat(table.out()).contains("REMEMBERED REFUSALS", "TrafficMirrorSessionLimitExceeded=");
    } finally {
      cli.setup.cloud().ec2().knobs().sessionLimit(Ec2Knobs.DEFAULT_SESSION_LIMIT);
    }
  }
}
