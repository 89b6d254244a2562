package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.registry.RegistrationState;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.events.EventsService;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * A cluster with a thousand registered VPCs: where the per-VPC rules of the old design stopped at
 * EventBridge's rules-per-bus quota, a thousand schedules sit in the cluster's schedule group, the
 * buses keep one cluster-level rule each, add-vpc still registers one more, and a lookup stays one
 * GetSchedule.
 */
class ThousandVpcsTest {
  static final int VPCS = 1000;
  TriggerFixture f;
  SchedulerClient scheduler;
  String[] tf;

  @BeforeEach
  void start() {
    f = TriggerFixture.start(1);
    scheduler = LocalClients.scheduler(f.cloud.endpoint());
    tf = f.targetAndFilter();
  }

  @AfterEach
  void stop() {
    scheduler.close();
    f.close();
  }

  @Test
  void thousandVpcs_registerAsSchedules_andAddVpcRegistersOneMore() {
    List<String> vpcs = new ArrayList<>();
    for (int i = 0; i < VPCS; i++) {
      String vpc = f.world().createVpc(null, "10." + (i / 250) + "." + (i % 250) + ".0/24", Map.of()).id();
      vpcs.add(vpc);
      f.cloud.registerVpc(f.deployment, new VpcRegistration(TriggerFixture.CLUSTER, vpc,
          VpcMirroringConfig.of(tf[0], tf[1])), f.cloud.clock().instant().plus(Duration.ofDays(1)));
    }
    String extra = f.vpcWithInstances("10.250", 1).get(0);

    Execution added = f.cloud.stepFunctions().startExecution(f.arn("add-vpc"), extra + "-add-vpc-1001",
        "{\"cluster\":\"" + TriggerFixture.CLUSTER + "\",\"vpcId\":\"" + extra + "\",\"config\":{\"targetId\":\""
            + tf[0] + "\",\"filterId\":\"" + tf[1] + "\"}}").await(Duration.ofMinutes(5));

    assertThat(added.status().name()).as("%s %s", added.error(), added.cause()).isEqualTo("SUCCEEDED");
    SchedulerVpcRegistry registry = new SchedulerVpcRegistry(scheduler);
    assertThat(registry.vpcIds(TriggerFixture.CLUSTER)).hasSize(VPCS + 1).containsAll(vpcs).contains(extra);
    assertThat(registry.state(TriggerFixture.CLUSTER, vpcs.get(VPCS - 1))).isEqualTo(RegistrationState.ACTIVE);
    assertThat(registry.find(TriggerFixture.CLUSTER, extra)).contains(VpcMirroringConfig.of(tf[0], tf[1]));
    assertThat(f.events.listRules(b -> b.eventBusName("default")).rules()).as("no per-VPC rule").isEmpty();
    assertThat(f.events.listRules(b -> b.eventBusName(TriggerFixture.BUS)).rules()).hasSize(1);
    assertThat(f.ownedSessionsIn(extra)).hasSize(1);
  }

  /** The previous design: a schedule rule per VPC on the default bus; the 301st VPC fails at the quota. */
  @Test
  void oldDesign_perVpcRules_stopAtTheRulesPerBusQuota() {
    assertThat(f.cloud.events().rulesPerBus()).isEqualTo(EventsService.DEFAULT_RULES_PER_BUS).isEqualTo(300);
    int registered = 0;
    LimitExceededException refused = null;
    for (int i = 0; i < VPCS && refused == null; i++) {
      String name = "mirrorflow-" + TriggerFixture.CLUSTER + "-vpc-" + String.format("%017x", i) + "-schedule";
      try {
        f.events.putRule(b -> b.name(name).scheduleExpression("rate(1 day)").state(RuleState.DISABLED));
        registered++;
      } catch (LimitExceededException e) {
        refused = e;
      }
    }

    assertThat(refused).as("the per-VPC rule beyond the quota").isNotNull();
    assertThat(registered).isEqualTo(300);
  }

  @Test
  void scanRequest_amongAThousand_reachesOnlyItsVpc() {
    List<String> vpcs = new ArrayList<>();
    for (int i = 0; i < VPCS; i++) {
      String vpc = f.world().createVpc(null, "10." + (i / 250) + "." + (i % 250) + ".0/24", Map.of()).id();
      vpcs.add(vpc);
      f.cloud.registerVpc(f.deployment, new VpcRegistration(TriggerFixture.CLUSTER, vpc,
          VpcMirroringConfig.of(tf[0], tf[1])), f.cloud.clock().instant().plus(Duration.ofDays(1)));
    }
    String target = vpcs.get(617);

    assertThat(f.events.putEvents(b -> b.entries(e -> e.eventBusName(TriggerFixture.BUS).source("mirrorflow")
        .detailType("Scan Requested").detail("{\"vpcId\":\"" + target + "\"}"))).failedEntryCount()).isZero();
    f.awaitDeliveries();
    List<Execution> scans = f.awaitAll("scan-vpc");

    assertThat(scans).hasSize(1);
    JsonNode input = TriggerFixture.read(scans.get(0).input());
    assertThat(input.path("vpcId").asText()).isEqualTo(target);
    assertThat(scans.get(0).status().name()).isEqualTo("SUCCEEDED");
  }
}
