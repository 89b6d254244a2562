package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

class MirrorflowAppTest {

  @TempDir Path dir;

  @Test
  void build_whenContextComplete_addsTheClusterStack() {
    Path fixtures = TestStacks.fixtureStateMachines();
    Path jar = TestStacks.fakeActivitiesJar(dir, WorkflowDefinitions.load(fixtures).steps());
    App app = new App(AppProps.builder().context(Map.of(
        "cluster", "demo",
        "targetId", "tmt-0123456789abcdef0",
        "root", dir.toString(),
        "stateMachinesDir", fixtures.toString(),
        "activitiesJar", jar.toString())).build());

    MirrorflowStack stack = MirrorflowApp.build(app);

    assertThat(stack.getStackName()).isEqualTo("mirrorflow-demo");
    assertThat(stack.stateMachines()).containsOnlyKeys("add-vpc", "event-router", "reconcile-vpc", "remove-vpc", "scan-vpc");
    assertThat(stack.functions()).hasSize(7);
    assertThat(stack.stateChangeRule()).isPresent();
  }

  @Test
  void build_whenNoCluster_failsWithTheContextKeyToPass() {
    App app = new App(AppProps.builder().context(Map.of("targetId", "tmt-0123456789abcdef0")).build());

    assertThatThrownBy(() -> MirrorflowApp.build(app))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("-c cluster=NAME");
  }
}
