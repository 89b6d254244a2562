package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.http.LocalRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code status} flags a registration changed behind add-vpc's back, and add-vpc confirms it again (issue 20). */
class StatusTamperTest {
  final LocalCli cli = new LocalCli(1);

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void status_whenTheScheduleInputWasChangedOutsideAddVpc_flagsIt_untilAddVpcConfirmsIt() {
    LocalCli.Result added = cli.run("add-vpc", cli.vpc);
    assertThat(added.code()).as("%s", added).isZero();
    assertThat(cli.run("--output", "json", "status", cli.vpc).json().get(0).path("state").asText()).isEqualTo("active");

    // An UpdateSchedule that narrows the registration (a new VNI) and keeps the rest, Description included.
    ObjectNode schedule = (ObjectNode) cli.schedule();
    ObjectNode target = (ObjectNode) schedule.path("Target");
    target.put("Input", target.path("Input").asText().replace("\"config\":{", "\"config\":{\"virtualNetworkId\":99,"));
    ObjectNode update = LocalCli.JSON.createObjectNode().put("GroupName", schedule.path("GroupName").asText())
        .put("State", "ENABLED").put("ScheduleExpression", schedule.path("ScheduleExpression").asText())
        .put("Description", schedule.path("Description").asText());
    update.set("FlexibleTimeWindow", schedule.path("FlexibleTimeWindow"));
    update.set("Target", target);
    assertThat(cli.setup.cloud().server().dispatch(new LocalRequest("PUT", "/schedules/" + cli.vpc, "", Map.of(),
        update.toString().getBytes(StandardCharsets.UTF_8))).status()).isEqualTo(200);

    LocalCli.Result json = cli.run("--output", "json", "status", cli.vpc);
    LocalCli.Result table = cli.run("status", cli.vpc);
    assertThat(json.json().get(0).path("state").asText()).isEqualTo(StatusCommand.CHANGED_OUTSIDE_ADD_VPC);
    assertThat(json.json().get(0).path("confirmed").asBoolean()).isFalse();
    assertThat(table.out()).contains("changed outside add-vpc", "mirrorflow add-vpc " + cli.vpc);

    LocalCli.Result confirmed = cli.run("add-vpc", cli.vpc);
    assertThat(confirmed.code()).as("%s", confirmed).isZero();
    assertThat(confirmed.out()).contains("changed outside add-vpc, so its values are not kept");
    LocalCli.Result after = cli.run("--output", "json", "status", cli.vpc);
    assertThat(after.json().get(0).path("state").asText()).isEqualTo("active");
    assertThat(after.json().get(0).path("confirmed").asBoolean()).isTrue();
    assertThat(after.json().get(0).path("config").has("virtualNetworkId")).as("the slipped-in VNI is not kept").isFalse();
  }
}
