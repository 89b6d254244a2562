package dev.mirrorflow.cli;

import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.ec2.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A local cloud with a cluster deployed on it, as {@code local} and {@code demo} start it: EC2 seeded
 * from a scenario, the repository's state machines deployed for the cluster, whose default mirror
 * target and filter are the scenario's first ones, and (when event-router is among them) the
 * cluster-level state-change rule the CDK app creates.
 *
 * @param cloud the running local cloud (close it)
 * @param deployment what was deployed
 * @param ids the scenario's refs to the ids they got
 * @param defaultTargetId the cluster's default target, or null
 * @param defaultFilterId the cluster's default filter, or null
 */
record LocalSetup(LocalCloud cloud, Deployment deployment, Map<String, String> ids, String defaultTargetId,
    String defaultFilterId) implements AutoCloseable {

  /** The event pattern of the cluster-level state-change rule, next to event-router.asl.json. */

  /** Where the bundled scenarios live: {@code --scenario demo} means {@code scenarios/demo.json} of the jar. */
  static final String BUNDLED = "/scenarios/";

  static LocalSetup start(int port, LocalClock clock, Scenario scenario, String cluster) {
    LocalCloud cloud = LocalCloud.create(port, clock);
    try {
      cloud.start();
      Map<String, String> ids = scenario == null ? Map.of() : cloud.ec2().seed(scenario);
      String target = scenario == null || scenario.targets().isEmpty() ? null : id(ids, scenario.targets().get(0).ref(),
          scenario.targets().get(0).id());
      String filter = scenario == null || scenario.filters().isEmpty() ? null : id(ids, scenario.filters().get(0).ref(),
          scenario.filters().get(0).id());
      Path stateMachines = LocalCloud.stateMachinesDirectory();
      Deployment deployment = cloud.deployCluster(cluster, stateMachines, target, filter);
      cloud.putStateChangeRule(cluster, stateMachines, deployment);
      return new LocalSetup(cloud, deployment, ids, target, filter);
    } catch (RuntimeException e) {
      cloud.close();
      throw e;
    }
  }

  /** The member account {@code local} and the demo add: a VPC of its own, mirrored to the hub's shared target. */
  static final String MEMBER_ACCOUNT = "222222222222";

  /**
   * A second account as an organization's member: its own EC2 world (seeded from the bundled {@code
   * member} scenario: VPC {@code payments} and its filter {@code all-traffic}), the member stack
   * (role and forwarding rule), the cluster bus accepting its events, and the cluster's default
   * target shared with it (AWS RAM). Returns the member scenario's refs to ids.
   */
  Map<String, String> addMemberAccount(String account) {
    Map<String, String> memberIds = cloud.ec2().world(account).seed(scenario("member"));
    Path stateMachines = LocalCloud.stateMachinesDirectory();
    cloud.deployMember(account, deployment.cluster(), stateMachines);
    if (deployment.stateMachineArns().containsKey("event-router")) {
      cloud.acceptMembers(deployment.cluster(), stateMachines, deployment, List.of(account), null);
    }
    if (defaultTargetId != null) {
      cloud.ec2().shareTarget(LocalCloud.ACCOUNT_ID, defaultTargetId, account);
    }
    return memberIds;
  }

  private static String id(Map<String, String> ids, String ref, String id) {
    return id != null ? id : ids.get(ref);
  }

  /** A scenario file, or the name of a bundled one ({@code demo}). */
  static Scenario scenario(String fileOrName) {
    Path file = Path.of(fileOrName);
    try {
      if (Files.isRegularFile(file)) {
        return Scenario.parse(Files.readString(file, StandardCharsets.UTF_8));
      }
      try (InputStream in = LocalSetup.class.getResourceAsStream(BUNDLED + fileOrName + ".json")) {
        if (in != null) {
          return Scenario.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + fileOrName, e);
    } catch (RuntimeException e) {
      throw new BadInputException("scenario " + fileOrName + " is not a valid scenario: " + e.getMessage(), e);
    }
    throw new BadInputException("--scenario " + fileOrName + ": no such file (bundled scenarios: demo)");
  }

  @Override
  public void close() {
    cloud.close();
  }
}
