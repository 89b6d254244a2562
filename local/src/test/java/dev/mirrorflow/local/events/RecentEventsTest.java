package dev.mirrorflow.local.events;

import static dev.mirrorflow.local.events.LocalEventBridge.ROLE_ARN;
import static dev.mirrorflow.local.events.LocalEventBridge.stateMachineArn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class RecentEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private LocalEventBridge local;

  @BeforeEach
  void start() {
    local = new LocalEventBridge(600.0);
  }

  @AfterEach
  void stop() {
    local.close();
  }

  private void put(String detail) {
    local.client.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
        .source("mirrorflow").detailType("Scan Requested").detail(detail).build()));
  }

  @Test
  void entries_whenEventsRouted_keepEachWithTheRuleItMatchedAndTheExecutionItStarted() throws Exception {
    local.client.putRule(b -> b.name("scan").eventPattern("{\"detail\":{\"vpcId\":[\"vpc-1\"]}}"));
    local.client.putTargets(b -> b.rule("scan").targets(t -> t.id("sfn").arn(stateMachineArn("reconcile")).roleArn(ROLE_ARN)));

    put("{\"vpcId\":\"vpc-1\"}");
    put("{\"vpcId\":\"vpc-2\"}");
    assertThat(local.events.awaitIdle(WAIT)).isTrue();

    List<RecentEvents.Entry> entries = local.events.recentEvents().entries();
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).event().path("detail").path("vpcId").asText()).isEqualTo("vpc-2");
    assertThat(entries.get(0).matches()).isEmpty();
    RecentEvents.Entry matched = entries.get(1);
    assertThat(matched.bus()).isEqualTo("default");
    assertThat(matched.scheduled()).isFalse();
    assertThat(matched.matches()).hasSize(1);
    assertThat(matched.matches().get(0).rule()).isEqualTo("scan");
    RecentEvents.Delivery delivery = matched.matches().get(0).deliveries().get(0);
    assertThat(delivery.status()).isEqualTo("DELIVERED");
    assertThat(delivery.executionArn()).startsWith(stateMachineArn("reconcile").replace(":stateMachine:", ":execution:"));
  }

  @Test
  void entries_whenMoreThanCapacity_keepsTheNewest() throws Exception {
    for (int i = 0; i < RecentEvents.CAPACITY + 5; i++) {
      put("{\"n\":" + i + "}");
    }

    List<RecentEvents.Entry> entries = local.events.recentEvents().entries();
    assertThat(entries).hasSize(RecentEvents.CAPACITY);
    assertThat(entries.get(0).event().path("detail").path("n").asInt()).isEqualTo(RecentEvents.CAPACITY + 4);
    assertThat(entries.get(entries.size() - 1).event().path("detail").path("n").asInt()).isEqualTo(5);
  }

  @Test
  void entries_whenAScheduleFires_sayItWasScheduled() throws Exception {
    local.client.putRule(b -> b.name("every-minute").scheduleExpression("rate(1 minute)"));
    local.client.putTargets(b -> b.rule("every-minute").targets(t -> t.id("sfn").arn(stateMachineArn("scan")).roleArn(ROLE_ARN)));

    local.targets.nextStart(WAIT);

    RecentEvents.Entry fired = local.events.recentEvents().entries().get(0);
    assertThat(fired.scheduled()).isTrue();
    assertThat(fired.event().path("detail-type").asText()).isEqualTo("Scheduled Event");
    assertThat(fired.matches().get(0).rule()).isEqualTo("every-minute");
  }
}
