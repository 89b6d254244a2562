package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void pascalCase_whenKebabCase_capitalisesEachPart() {
    assertThat(Names.pascalCase("reconcile-vpc")).isEqualTo("ReconcileVpc");
    assertThat(Names.pascalCase("event-router")).isEqualTo("EventRouter");
    assertThat(Names.pascalCase("scan")).isEqualTo("Scan");
  }

  @Test
  void names_whenCluster_followTheSharedConventions() {
    assertThat(Names.cluster("demo")).isEqualTo("mirrorflow-demo");
    assertThat(Names.rulePrefix("demo")).isEqualTo("mirrorflow-demo-");
    assertThat(Names.stateMachine("demo", "reconcile-vpc")).isEqualTo("mirrorflow-demo-reconcile-vpc");
    assertThat(Names.function("demo", "PlanVpc")).isEqualTo("mirrorflow-demo-PlanVpc");
    assertThat(Names.handlerClass("PlanVpc")).isEqualTo("dev.mirrorflow.activities.handler.PlanVpcHandler");
    assertThat(Names.role("demo", "eu-west-1", "events")).isEqualTo("mirrorflow-demo-eu-west-1-events");
  }

  @Test
  void longestOwnedNames_whenClusterHasMaximumLength_fitEventBridgeSchedulerAndIamLimits() {
    String cluster = "a".repeat(20);
    Names.requireValidCluster(cluster);

    assertThat(Names.scanRequestRule(cluster).length()).isLessThanOrEqualTo(64);
    assertThat(Names.scheduleGroup(cluster)).isEqualTo("mirrorflow-" + cluster).hasSizeLessThanOrEqualTo(64);
    assertThat(dev.mirrorflow.activities.cluster.ClusterNames.schedule("vpc-0123456789abcdef0")).hasSizeLessThanOrEqualTo(64);
    assertThat(Names.role(cluster, "ap-southeast-2", "scheduler").length()).isLessThanOrEqualTo(64);
    assertThat(Names.role(cluster, "ap-southeast-2", "activities").length()).isLessThanOrEqualTo(64);
  }

  @Test
  void function_whenNameTooLong_failsSayingWhatToShorten() {
    assertThatThrownBy(() -> Names.function("a".repeat(20), "CreateSessionsForEveryEligibleInterfaceStep"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("longer than 64");
  }
}
