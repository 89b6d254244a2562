package dev.mirrorflow.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.deploy.LocalDeployer;
import dev.mirrorflow.local.ec2.Ec2Knobs;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.Instance;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.sfn.Execution;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bulk bench's VPC shape (10,000 ENIs in 100 subnets) reconciled on a cluster deployed with the
 * default describe budget, as the CDK stack deploys it, against EC2's default throttling. Only one
 * subnet's 100 ENIs are eligible, so the run is about reading the VPC, not about the mutating bucket
 * (10,000 creates would take over half an hour of EC2's refill): PlanVpc pages through every ENI,
 * instance and session, and must end within its step timeout at its share of the budget.
 */
class LargeVpcBudgetEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "large";
  static final int SUBNETS = 100;
  static final int ENIS_PER_SUBNET = 100;

  LocalCloud cloud;
  Deployment deployment;

  @BeforeEach
  void start() {
    // x4: real CPU time (10,000 ENIs of XML per page set) is multiplied by the speed in virtual time.
    cloud = LocalCloud.create(0, LocalClock.speeded(4)).start();
    deployment = cloud.deployCluster(CLUSTER, LocalCloud.stateMachinesDirectory(), null, null,
        AllowedMirrorResources.any(), LocalDeployer.DEFAULT_SCAN_RATE, DescribeBudgetPlan.defaults());
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void reconcile_ofATenThousandEniVpc_underTheDefaultBudget_succeedsAndMirrorsEveryEligibleEni() {
    Ec2World world = cloud.ec2().world();
    String vpc = world.createVpc(null, "10.0.0.0/8", Map.of()).id();
    Set<String> eligible = new HashSet<>();
    for (int s = 0; s < SUBNETS; s++) {
      String subnet = world.createSubnet(null, vpc, "10." + (s / 250) + "." + (s % 250) + ".0/24",
          "us-east-1" + (char) ('a' + s % 3), Map.of()).id();
      // One subnet of a type that supports mirroring; t2 does not, so the rest are read, not mirrored.
      List<Instance> instances = world.runInstances(subnet, s == 0 ? "m5.large" : "t2.micro", ENIS_PER_SUBNET,
          Map.of(), Map.of());
      if (s == 0) {
        Set<String> ids = new HashSet<>();
        instances.forEach(i -> ids.add(i.id()));
        world.networkInterfaces().stream().filter(n -> n.attachment() != null && ids.contains(n.attachment().instanceId()))
            .forEach(n -> eligible.add(n.id()));
      }
    }
    String target = world.createTarget(null, null, null, "vpce-0123456789abcdef0", "large", Map.of()).id();
    String filter = world.createFilter(null, "large", Map.of()).id();
    cloud.ec2().knobs().throttling(true)
        .buckets(Ec2Knobs.DEFAULT_DESCRIBE_BUCKET, Ec2Knobs.DEFAULT_MUTATING_BUCKET)
        .latency(Duration.ofMillis(20), Duration.ofMillis(50));
    cloud.registerVpc(deployment, new VpcRegistration(CLUSTER, vpc, VpcMirroringConfig.of(target, filter)),
        cloud.clock().instant().plus(Duration.ofDays(1)));

    Execution done = cloud.stepFunctions().startExecution(deployment.stateMachineArn("reconcile-vpc"), "large-1",
        JSON.createObjectNode().put("cluster", CLUSTER).put("vpcId", vpc).toString()).await(Duration.ofMinutes(30));

    assertThat(done.status().name()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
    assertThat(world.networkInterfaces().stream().filter(n -> vpc.equals(n.vpcId()))).hasSize(SUBNETS * ENIS_PER_SUBNET);
    assertThat(world.sessions().stream().map(MirrorSession::networkInterfaceId).toList())
        .containsExactlyInAnyOrderElementsOf(eligible);
    assertThat(cloud.ec2().callCount("DescribeNetworkInterfaces")).as("the VPC was read page by page")
        .isGreaterThanOrEqualTo(SUBNETS * ENIS_PER_SUBNET / 1000);
    assertThat(cloud.lambda().peakConcurrency(deployment.functionNames().get("PlanVpc")))
        .as("PlanVpc ran within its reserved concurrency, so at its share of the budget")
        .isLessThanOrEqualTo(DescribeBudgetPlan.defaults().reservedConcurrency("PlanVpc").orElseThrow());
  }
}
