package dev.mirrorflow.cli;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.ec2.Ec2World;
import dev.mirrorflow.local.ec2.MirrorSession;
import dev.mirrorflow.local.ec2.NetworkInterface;
import dev.mirrorflow.local.sfn.Execution;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * {@code mirrorflow demo}: the whole story on a local cloud in this process, on a sped-up clock,
 * through the same command code a user runs ({@code add-vpc}, {@code scan}, {@code status},
 * {@code remove-vpc} against the local endpoint). It checks every outcome itself and exits 0 only
 * if each one held.
 *
 * <ol>
 *   <li>a VPC (bundled scenario {@code demo}): instances of supported and unsupported types (m7i and
 *       c7i, on AWS's supported list; m8i, which the list does not name and which this scenario's
 *       local cloud refuses, so it is tried once and remembered), an Amazon RDS
 *       ENI, an IDS sensor whose ENI is a mirror target, a Lambda ENI, a NAT gateway ENI, a VPC
 *       endpoint, a loose ENI, and the security team's own session; the cluster's target is an NLB;
 *   <li>add-vpc --mirror-managed-databases: sessions on exactly the eligible ENIs, the others skipped
 *       by reason; three scans change nothing (same session ids: an NLB session reads back 8500);
 *   <li>add-vpc --account: a member account's VPC mirrored by sessions of that account, through its member role;
 *   <li>instances launched and terminated: mirrored by the event path when it is deployed, else by
 *       a scan request (said so);
 *   <li>a session deleted out of band: the scheduled scan restores it;
 *   <li>remove-vpc: no owned session left, the foreign session untouched, no rule left.
 * </ol>
 */
final class Demo {
  static final double DEFAULT_SPEED = 15;
  static final String CLUSTER = "demo";
  /** Virtual time the demo gives each asynchronous outcome (events, schedules) before calling it failed. */
  private static final Duration PATIENCE = Duration.ofMinutes(4);

  private final PrintWriter out;
  private final PrintWriter err;
  private final double speed;
  private final List<String> failures = new ArrayList<>();
  private int checks;

  Demo(PrintWriter out, PrintWriter err, double speed) {
    this.out = out;
    this.err = err;
    this.speed = speed;
  }

  int run() {
    long started = System.nanoTime();
    say("Mirrorflow demo: a local cloud in this process (EC2, EventBridge, Lambda, Step Functions), clock x" + speed);
    // The Lambda steps run in this process and log to standard output (CloudWatch Logs on AWS): not part of the story.
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try (LocalSetup setup = LocalSetup.start(0, LocalClock.speeded(speed), LocalSetup.scenario("demo"), CLUSTER)) {
      new Story(setup).tell();
    } finally {
      System.setOut(stdout);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    say("");
    if (failures.isEmpty()) {
      say(String.format("demo passed: %d checks held, %.1f s", checks, seconds));
      return Mirrorflow.EXIT_OK;
    }
    say(String.format("demo FAILED: %d of %d checks did not hold (%.1f s):", failures.size(), checks, seconds));
    failures.forEach(f -> say("  - " + f));
    return Mirrorflow.EXIT_WORKFLOW_FAILED;
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }

  private void check(String what, boolean held, String detail) {
    checks++;
    say((held ? "  [ok] " : "  [FAILED] ") + what + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    if (!held) {
      failures.add(what + (detail == null ? "" : " (" + detail + ")"));
    }
  }

  /** The steps, sharing the running cloud. */
  private final class Story {
    final LocalSetup setup;
    final LocalCloud cloud;
    final Ec2World world;
    final Map<String, String> ids;
    final String vpc;
    final String endpoint;

    Story(LocalSetup setup) {
      this.setup = setup;
      this.cloud = setup.cloud();
      this.world = cloud.ec2().world();
      this.ids = setup.ids();
      this.vpc = ids.get("shop");
      this.endpoint = cloud.endpoint().toString();
    }

    void tell() {
      MirrorSession foreign = world.session(ids.get("foreign")).orElseThrow();
      Map<String, String> foreignTags = world.tags(foreign.id());

      say("");
      say("1. The world: VPC " + vpc + " (shop), cluster '" + CLUSTER + "' deployed at " + endpoint);
      say("   console: " + cloud.consoleUrl() + " (open it to watch the workflows and every ENI's mirroring)");
      for (NetworkInterface eni : enis()) {
        say("   " + eni.id() + "  " + eni.subnetId() + "  " + describe(eni));
      }
      say("   " + foreign.id() + ": a session on " + foreign.networkInterfaceId() + " made by the security team");

      say("");
      say("2. $ mirrorflow add-vpc " + vpc + " --mirror-managed-databases");
      int added = cli("add-vpc", vpc, "--mirror-managed-databases");
      check("add-vpc succeeded", added == 0, "exit " + added);
      Set<String> eligible = new TreeSet<>(List.of(primaryEni(ids.get("web-1")), ids.get("web-1-data"),
          primaryEni(ids.get("web-2")), primaryEni(ids.get("api")), primaryEni(ids.get("checkout")),
          ids.get("orders-db")));
      check("sessions on exactly the eligible ENIs (web-1 x2, web-2, api's m7i, checkout's c7i, the RDS ENI)",
          ownedEnis().equals(eligible), "mirrored " + ownedEnis() + ", eligible " + eligible);
      check("one session per ENI", ownedSessions().size() == ownedEnis().size(), ownedSessions().size() + " sessions");
      Set<String> skipped = new TreeSet<>(List.of(primaryEni(ids.get("cron")), primaryEni(ids.get("bare")),
          primaryEni(ids.get("search")), primaryEni(ids.get("sensor")),
          ids.get("lambda"), ids.get("nat"), ids.get("endpoint"), ids.get("spare")));
      check("m8i (refused in this scenario), t2, bare metal, the IDS sensor (a mirror target), Lambda, NAT, endpoint"
          + " and loose ENIs skipped", ownedEnis().stream().noneMatch(skipped::contains), "");
      check("sessions to the NLB read back AWS's default packet length, 8500",
          ownedSessions().stream().allMatch(s -> Integer.valueOf(8500).equals(s.packetLength())),
          ownedSessions().stream().map(s -> String.valueOf(s.packetLength())).distinct().collect(Collectors.joining(",")));

      List<String> sessionsBefore = ownedSessions().stream().map(MirrorSession::id).sorted().toList();
      for (int scan = 1; scan <= 3; scan++) {
        say("   $ mirrorflow scan " + vpc + "   (scan " + scan + " of 3: nothing may churn)");
        int scanned = cli("scan", vpc);
        check("scan " + scan + " succeeded", scanned == 0, "exit " + scanned);
      }
      List<String> sessionsAfter = ownedSessions().stream().map(MirrorSession::id).sorted().toList();
      check("nothing churned across three scans: the same sessions, by id", sessionsBefore.equals(sessionsAfter),
          "before " + sessionsBefore + ", after " + sessionsAfter);
      String refusal = world.tags(primaryEni(ids.get("search"))).get(MirrorTags.MIRRORING_UNSUPPORTED);
      check("search's m8i, refused by EC2 in this scenario, is remembered as refused for its type",
          refusal != null && refusal.startsWith("m8i.large@"), "tag " + refusal);

      memberAccount();

      say("");
      say("3. Instances come and go: launch web-3 (m5.large) and jobs-2 (t2.micro), terminate web-1");
      boolean eventPath = eventPathDeployed();
      String web3;
      String jobs2;
      String web1Primary = primaryEni(ids.get("web-1"));
      try (Ec2Client ec2 = AwsClients.configure(Ec2Client.builder(),
          Environment.local(cloud.endpoint(), LocalCloud.REGION, Map.of())).build()) {
        web3 = ec2.runInstances(b -> b.subnetId(ids.get("web-a")).instanceType(InstanceType.M5_LARGE)
            .minCount(1).maxCount(1)).instances().get(0).instanceId();
        jobs2 = ec2.runInstances(b -> b.subnetId(ids.get("jobs")).instanceType(InstanceType.T2_MICRO)
            .minCount(1).maxCount(1)).instances().get(0).instanceId();
        ec2.terminateInstances(b -> b.instanceIds(ids.get("web-1")));
      }
      String web3Eni = primaryEni(web3);
      String jobs2Eni = primaryEni(jobs2);
      if (eventPath) {
        say("   the EC2 state-change events reach the event-router workflow, which reconciles the subnets involved");
      } else {
        say("   the event path is not deployed here (no event-router workflow and state-change rule):");
        say("   $ mirrorflow scan " + vpc + "   (a scan request stands in for the events)");
        int scanned = cli("scan", vpc);
        check("scan succeeded", scanned == 0, "exit " + scanned);
      }
      if (eventPath) {
        // The every-minute scan could mirror web-3 too: check that the event path did its part.
        String router = setup.deployment().stateMachineArn("event-router");
        check("the event-router took web-3's state change and started a reconcile",
            await(() -> cloud.stepFunctions().executions(router).stream()
                .anyMatch(e -> e.input().contains(web3) && startedAnExecution(e))), "");
      }
      boolean mirrored = await(() -> ownedEnis().contains(web3Eni));
      check("web-3 mirrored " + (eventPath ? "by the event path" : "by the scan request"), mirrored,
          "owned sessions on " + ownedEnis());
      check("jobs-2 (t2.micro) not mirrored", !ownedEnis().contains(jobs2Eni), "");
      check("web-1's sessions went with its ENIs", !ownedEnis().contains(web1Primary), "");

      say("");
      String victim = ownedSessions().stream().filter(s -> s.networkInterfaceId().equals(web3Eni))
          .map(MirrorSession::id).findFirst().orElse(null);
      if (victim == null) {
        check("a session to delete out of band", false, "web-3 has none");
      } else {
        say("4. Someone deletes session " + victim + " (on web-3) by hand; nobody asks Mirrorflow to do anything");
        world.deleteSession(victim);
        boolean restored = await(() -> ownedEnis().contains(web3Eni));
        check("the every-minute scheduled scan restored web-3's session", restored,
            ownedSessions().stream().filter(s -> s.networkInterfaceId().equals(web3Eni)).map(MirrorSession::id)
                .collect(Collectors.joining(", ")));
      }

      say("");
      say("   $ mirrorflow status " + vpc + " --enis");
      cli("status", vpc, "--enis");

      try (DemoTraffic traffic = new DemoTraffic(cloud, vpc, setup.defaultTargetId(), setup.defaultFilterId(), out, Demo.this::check)) {
      traffic.whileMirrored(CLUSTER);
      say("");
      say("5. $ mirrorflow remove-vpc " + vpc);
      int removed = cli("remove-vpc", vpc);
      check("remove-vpc succeeded", removed == 0, "exit " + removed);
      check("no owned session left in the VPC", ownedSessions().isEmpty(), ownedSessions().size() + " left");
      MirrorSession after = world.session(foreign.id()).orElse(null);
      check("the security team's session untouched",
          foreign.equals(after) && foreignTags.equals(world.tags(foreign.id())),
          after == null ? "deleted" : after.id() + " on " + after.networkInterfaceId() + " to " + after.targetId());
      List<String> rules = rules();
      check("no rule or schedule of the VPC left", rules.isEmpty(), String.valueOf(rules));
      traffic.afterRemoval();
      }
    }

    /** A second account of the organization: its VPC mirrored in its own account, to the hub's shared target. */
    void memberAccount() {
      String account = LocalSetup.MEMBER_ACCOUNT;
      Map<String, String> member = setup.addMemberAccount(account);
      Ec2World memberWorld = cloud.ec2().world(account);
      String payments = member.get("payments");
      say("");
      say("2b. A member account " + account + " (member stack deployed, target shared with RAM), VPC " + payments);
      say("   $ mirrorflow add-vpc " + payments + " --account " + account + " --filter-id " + member.get("all-traffic"));
      int added = cli("add-vpc", payments, "--account", account, "--filter-id", member.get("all-traffic"));
      check("add-vpc --account succeeded", added == 0, "exit " + added);
      Set<String> memberEnis = memberWorld.networkInterfaces().stream()
          .filter(e -> e.attachment() != null).map(NetworkInterface::id).collect(Collectors.toCollection(TreeSet::new));
      Set<String> mirrored = memberWorld.sessions().stream()
          .filter(s -> CLUSTER.equals(memberWorld.tags(s.id()).get("mirrorflow:cluster")) && s.ownerId().equals(account))
          .map(MirrorSession::networkInterfaceId).collect(Collectors.toCollection(TreeSet::new));
      check("the member's instances mirrored by sessions of the member account", mirrored.equals(memberEnis),
          "mirrored " + mirrored + ", instances' ENIs " + memberEnis);
      check("the hub's own sessions are not the member's: none of them is in the member account",
          ownedSessions().stream().noneMatch(x -> x.ownerId().equals(account)), ownedSessions().size() + " hub sessions");
    }

    int cli(String... args) {
      List<String> line = new ArrayList<>(List.of("--endpoint-url", endpoint, "--cluster", CLUSTER));
      line.addAll(List.of(args));
      return Mirrorflow.run(line.toArray(String[]::new), Indented.by("   ", out), Indented.by("   ", err));
    }

    /** Whether an execution's history shows it starting another (a {@code states:startExecution} task that succeeded). */
    boolean startedAnExecution(Execution execution) {
      return execution.history().stream().anyMatch(e -> "TaskSucceeded".equals(e.path("type").asText())
          && "states".equals(e.path("taskSucceededEventDetails").path("resourceType").asText()));
    }

    /** The event path exists when event-router is deployed and a rule on the default bus targets it. */
    boolean eventPathDeployed() {
      String router = setup.deployment().stateMachineArns().get("event-router");
      if (router == null) {
        return false;
      }
      try (EventBridgeClient events = AwsClients.configure(EventBridgeClient.builder(),
          Environment.local(cloud.endpoint(), LocalCloud.REGION, Map.of())).build()) {
        return !events.listRuleNamesByTarget(b -> b.targetArn(router)).ruleNames().isEmpty();
      }
    }

    List<String> rules() {
      try (EventBridgeClient events = AwsClients.configure(EventBridgeClient.builder(),
          Environment.local(cloud.endpoint(), LocalCloud.REGION, Map.of())).build()) {
        List<String> names = new ArrayList<>();
        for (String bus : List.of("default", "mirrorflow-" + CLUSTER)) {
          events.listRules(b -> b.eventBusName(bus).namePrefix("mirrorflow-" + CLUSTER + "-" + vpc))
              .rules().forEach(r -> names.add(r.name()));
        }
        cloud.scheduler().schedule(ClusterNames.scheduleGroup(CLUSTER), ClusterNames.schedule(vpc))
            .ifPresent(s -> names.add("schedule " + s.arn()));
        return names;
      }
    }

    /** Waits (polling the world; it has no change feed) until the condition holds or the patience runs out. */
    boolean await(BooleanSupplier condition) {
      Instant deadline = cloud.clock().instant().plus(PATIENCE);
      while (!condition.getAsBoolean()) {
        if (cloud.clock().instant().isAfter(deadline)) {
          return false;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }

    List<NetworkInterface> enis() {
      return world.networkInterfaces().stream().filter(n -> vpc.equals(n.vpcId()))
          .sorted(Comparator.comparing(NetworkInterface::subnetId).thenComparing(NetworkInterface::id)).toList();
    }

    String describe(NetworkInterface eni) {
      if (eni.attachment() != null && eni.attachment().instanceId() != null) {
        String instance = eni.attachment().instanceId();
        String type = world.instance(instance).map(i -> i.instanceType()).orElse("?");
        String name = world.tags(instance).getOrDefault("Name", instance);
        return "ENI #" + eni.attachment().deviceIndex() + " of " + name + " (" + type + ")";
      }
      return eni.interfaceType() + (eni.requesterManaged() ? ", managed by AWS" : "") + ": " + eni.description();
    }

    String primaryEni(String instanceId) {
      return world.networkInterfaces().stream()
          .filter(n -> n.attachment() != null && instanceId.equals(n.attachment().instanceId())
              && n.attachment().deviceIndex() == 0)
          .map(NetworkInterface::id).findFirst().orElse("(none: " + instanceId + " has no primary ENI)");
    }

    List<MirrorSession> ownedSessions() {
      Set<String> vpcEnis = world.networkInterfaces().stream().filter(n -> vpc.equals(n.vpcId()))
          .map(NetworkInterface::id).collect(Collectors.toSet());
      return world.sessions().stream()
          .filter(s -> CLUSTER.equals(world.tags(s.id()).get("mirrorflow:cluster")))
          .filter(s -> vpcEnis.contains(s.networkInterfaceId()) || vpc.equals(world.tags(s.id()).get("mirrorflow:vpc")))
          .toList();
    }

    Set<String> ownedEnis() {
      return ownedSessions().stream().map(MirrorSession::networkInterfaceId).collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
