package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

class ActivitiesJarTest {

  @TempDir Path dir;

  @Test
  void requireExists_whenJarMissing_saysToRunMvnPackage() {
    assertThatThrownBy(() -> ActivitiesJar.requireExists(dir.resolve("missing.jar")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("run mvn package first");
  }

  @Test
  void requireHandlers_whenAHandlerIsMissing_namesIt() {
    Path jar = TestStacks.fakeActivitiesJar(dir, List.of("PlanVpc"));

    assertThatCode(() -> ActivitiesJar.requireHandlers(jar, List.of("PlanVpc"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> ActivitiesJar.requireHandlers(jar, List.of("PlanVpc", "ListEnis")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("dev.mirrorflow.activities.handler.ListEnisHandler")
        .hasMessageNotContaining("PlanVpcHandler");
  }

  @Test
  void stack_whenJarMissing_failsBeforeBuildingAnything() {
    ClusterSettings settings = new ClusterSettings("demo", new MirrorTarget.Existing("tmt-0123456789abcdef0"),
        Optional.empty(), Optional.empty(), TestStacks.fixtureStateMachines(), dir.resolve("none.jar"), true);

    assertThatThrownBy(() -> new MirrorflowStack(new App(), "mirrorflow-demo", StackProps.builder().build(), settings))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("run mvn package first");
  }

  @Test
  void defaultPath_whenRoot_pointsAtTheShadedLambdaJar() {
    assertThat(ActivitiesJar.defaultPath(Path.of("/repo")).toString())
        .startsWith("/repo/activities/target/mirrorflow-activities-")
        .endsWith("-lambda.jar")
        .doesNotContain("${");
  }
}
