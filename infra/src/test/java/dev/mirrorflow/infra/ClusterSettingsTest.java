package dev.mirrorflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

  private static final Path ROOT = Path.of("/repo");

  @Test
  void fromContext_whenClusterAndTargetId_usesRepositoryDefaults() {
    ClusterSettings settings = ClusterSettings.fromContext(
        context("cluster", "demo", "targetId", "tmt-0123456789abcdef0"), ROOT);

    assertThat(settings.cluster()).isEqualTo("demo");
    assertThat(settings.target()).isEqualTo(new MirrorTarget.Existing("tmt-0123456789abcdef0"));
    assertThat(settings.filterId()).isEmpty();
    assertThat(settings.alarmEmail()).isEmpty();
    assertThat(settings.stateMachinesDir()).isEqualTo(ROOT.resolve("state-machines"));
    assertThat(settings.activitiesJar()).isEqualTo(
        ROOT.resolve("activities/target/mirrorflow-activities-" + ActivitiesJar.projectVersion() + "-lambda.jar"));
    assertThat(settings.verifyHandlers()).isTrue();
    assertThat(settings.targetOrganizationId()).as("targets shared by any account").isEmpty();
  }

  @Test
  void fromContext_whenTargetOrganizationIdGivenOrMalformed_readsItOrSaysWhatItExpects() {
    assertThat(ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0",
        "targetOrganizationId", "o-a1b2c3d4e5"), ROOT).targetOrganizationId()).contains("o-a1b2c3d4e5");
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0",
        "targetOrganizationId", "123456789012"), ROOT))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("o-a1b2c3d4e5");
  }

  @Test
  void fromContext_whenAllowedTargetsAndFiltersGiven_readsTheLists_andRefusesAnythingElseByName() {
    String hub = "arn:aws:ec2:eu-west-1:111122223333:traffic-mirror-target/tmt-0aaaabbbbccccdddd";
    ClusterSettings settings = ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0",
        "allowedTargets", "tmt-0123456789abcdef1, " + hub, "allowedFilterIds", "tmf-0123456789abcdef1"), ROOT);
    assertThat(settings.allowedTargets()).containsExactly("tmt-0123456789abcdef1", hub);
    assertThat(settings.allowedFilterIds()).containsExactly("tmf-0123456789abcdef1");
    assertThat(ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0"), ROOT)
        .allowedTargets()).as("only the cluster's own").isEmpty();

    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0",
        "allowedTargets", "arn:aws:ec2:eu-west-1:111122223333:traffic-mirror-target/*"), ROOT))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("invalid allowedTargets entry");
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0",
        "allowedFilterIds", "*"), ROOT))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("invalid allowedFilterIds entry");
  }

  @Test
  void fromContext_whenScanRateGivenOrNot_readsItOrDefaultsToEveryMinute() {
    assertThat(ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0"), ROOT)
        .scanRate()).isEqualTo("rate(1 minute)");
    for (String rate : new String[] {"rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(10 minutes)"}) {
      assertThat(ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0",
          "scanRate", rate), ROOT).scanRate()).isEqualTo(rate);
    }
  }

  @Test
  void fromContext_whenScanRateIsNotARateOfAMinuteOrMore_refusesItByName() {
    for (String bad : new String[] {"rate(30 seconds)", "rate(0 minutes)", "rate(1 minutes)", "rate(5 minute)",
        "cron(0/5 * * * ? *)", "at(2026-12-02T00:00:00)", "5 minutes", "rate(-1 minutes)", "rate(05 minutes)"}) {
      assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetId",
          "tmt-0123456789abcdef0", "scanRate", bad), ROOT))
          .as(bad).isInstanceOf(InvalidSettingsException.class).hasMessageContaining("invalid scanRate '" + bad + "'");
    }
  }

  @Test
  void fromContext_describeBudget_defaultsToAQuarterOfEc2sDefaultRefill() {
    ClusterSettings defaults = ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0"), ROOT);
    assertThat(defaults.describeShare()).isEqualTo(0.25);
    assertThat(defaults.describeRefill()).isEqualTo(20);
    ClusterSettings raised = ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0",
        "describeShare", "0.1", "describeRefill", "100"), ROOT);
    assertThat(raised.describeBudget().share()).isEqualTo(0.1);
    assertThat(raised.describeBudget().refillPerSecond()).isEqualTo(100);
  }

  @Test
  void fromContext_whenDescribeShareOutOfRange_refusesItByName() {
    for (String bad : new String[] {"0", "-0.25", "0.6", "1", "NaN", "a quarter"}) {
      assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetId",
          "tmt-0123456789abcdef0", "describeShare", bad), ROOT))
          .as(bad).isInstanceOf(InvalidSettingsException.class).hasMessageContaining("invalid describeShare '");
    }
    for (String bad : new String[] {"0", "-20", "Infinity", "fast"}) {
      assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetId",
          "tmt-0123456789abcdef0", "describeRefill", bad), ROOT))
          .as(bad).isInstanceOf(InvalidSettingsException.class).hasMessageContaining("invalid describeRefill '");
    }
  }

  @Test
  void fromContext_whenEverythingGiven_readsIt() {
    ClusterSettings settings = ClusterSettings.fromContext(context(
        "cluster", "prod-capture",
        "targetEndpointId", "vpce-0123456789abcdef0",
        "filterId", "tmf-0123456789abcdef0",
        "alarmEmail", "ops@example.com",
        "stateMachinesDir", "other/sm",
        "activitiesJar", "build/a.jar"), ROOT);

    assertThat(settings.target()).isEqualTo(new MirrorTarget.GatewayLoadBalancerEndpoint("vpce-0123456789abcdef0"));
    assertThat(settings.filterId()).contains("tmf-0123456789abcdef0");
    assertThat(settings.alarmEmail()).contains("ops@example.com");
    assertThat(settings.stateMachinesDir()).isEqualTo(ROOT.resolve("other/sm"));
    assertThat(settings.activitiesJar()).isEqualTo(ROOT.resolve("build/a.jar"));
  }

  @Test
  void fromContext_whenNoCluster_saysHowToPassIt() {
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("targetId", "tmt-0123456789abcdef0"), ROOT))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("-c cluster=NAME");
  }

  @Test
  void fromContext_whenNoTargetOrTwo_asksForExactlyOne() {
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo"), ROOT))
        .hasMessageContaining("exactly one mirror target");
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo",
        "targetId", "tmt-0123456789abcdef0", "targetEndpointId", "vpce-0123456789abcdef0"), ROOT))
        .hasMessageContaining("exactly one mirror target");
  }

  @Test
  void fromContext_whenGatewayLoadBalancerArn_pointsToItsEndpoint() {
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetLoadBalancerArn",
        "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/gwy/capture/0123456789abcdef"), ROOT))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("targetEndpointId=vpce-");
  }

  @Test
  void fromContext_whenNetworkLoadBalancerArn_createsTargetForIt() {
    String arn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/capture/0123456789abcdef";
    ClusterSettings settings = ClusterSettings.fromContext(
        context("cluster", "demo", "targetLoadBalancerArn", arn), ROOT);

    assertThat(settings.target()).isEqualTo(new MirrorTarget.NetworkLoadBalancer(arn));
  }

  @Test
  void fromContext_whenValuesMalformed_failsOnEach() {
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "Demo_1", "targetId", "tmt-0123456789abcdef0"), ROOT))
        .hasMessageContaining("invalid cluster name 'Demo_1'");
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "a-very-long-cluster-name", "targetId", "tmt-0123456789abcdef0"), ROOT))
        .hasMessageContaining("1 to 20");
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmf-0123456789abcdef0"), ROOT))
        .hasMessageContaining("invalid targetId");
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0", "filterId", "filter"), ROOT))
        .hasMessageContaining("invalid filterId");
    assertThatThrownBy(() -> ClusterSettings.fromContext(context("cluster", "demo", "targetId", "tmt-0123456789abcdef0", "alarmEmail", "ops"), ROOT))
        .hasMessageContaining("invalid alarmEmail");
  }

  private static java.util.function.Function<String, Object> context(String... keysAndValues) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return values::get;
  }
}
