package dev.mirrorflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.deploy.ClusterTriggers;
import dev.mirrorflow.local.console.ConsoleServer;
import dev.mirrorflow.local.dataplane.DataPlane;
import dev.mirrorflow.local.dataplane.DataPlaneAdmin;
import dev.mirrorflow.local.deploy.Deployment;
import dev.mirrorflow.local.deploy.LocalDeployer;
import dev.mirrorflow.local.deploy.MemberDeployment;
import dev.mirrorflow.local.sts.Role;
import dev.mirrorflow.local.ec2.Ec2Service;
import dev.mirrorflow.local.ec2.Scenario;
import dev.mirrorflow.local.ecs.EcsAdmin;
import dev.mirrorflow.local.ecs.LocalEcs;
import dev.mirrorflow.local.events.EventsService;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.LocalServer;
import dev.mirrorflow.local.lambda.LambdaService;
import dev.mirrorflow.local.lambda.LocalLambda;
import dev.mirrorflow.local.scheduler.LocalScheduler;
import dev.mirrorflow.local.scheduler.SchedulerService;
import dev.mirrorflow.local.sfn.LocalStepFunctions;
import dev.mirrorflow.local.sfn.StepFunctionsService;
import dev.mirrorflow.local.sts.Accounts;
import dev.mirrorflow.local.sts.StsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * The local cloud: EC2 (with Traffic Mirroring), EventBridge and its Scheduler, Lambda and Step Functions on one
 * {@link LocalServer} on the loopback address, sharing one {@link LocalClock}. Services reach each
 * other in-process through the server's dispatcher: EC2's instance state-change events go to
 * EventBridge, rule targets start Step Functions executions, tasks invoke the Lambda steps. Simulated
 * ECS tasks on Fargate ({@link #ecs()}) put task ENIs in the local EC2 and emit task state changes.
 */
public final class LocalCloud implements AutoCloseable {
  /** The local cloud's region. */
  public static final String REGION = "us-east-1";
  /** The local cloud's (dummy) account. */
  public static final String ACCOUNT_ID = "000000000000";
  /** The file of state-machines/ with the pattern of the cluster-level state-change rule. */
  public static final String STATE_CHANGE_PATTERN = "state-change-pattern.json";

  private final LocalClock clock;
  private final LocalServer server;
  private final Ec2Service ec2;
  private final EventsService events;
  private final LocalLambda lambda;
  private final LocalStepFunctions stepFunctions;
  private final LocalEcs ecs;
  private final DataPlane dataPlane;
  private final LocalScheduler scheduler;
  private final ConsoleServer console;
  private final Accounts accounts = new Accounts();

  private LocalCloud(int port, LocalClock clock) {
    this.clock = clock;
    this.server = LocalServer.create(port);
    this.ec2 = Ec2Service.create(clock).eventSink(server).accounts(accounts::account, accounts::accessKey);
    ec2.cloudTrail().stsCaller(request -> accounts.caller(request).arn());
    this.events = new EventsService(clock, server, REGION).accounts(accounts::account, accounts::organization);
    this.lambda = new LocalLambda(server::endpoint, REGION, ACCOUNT_ID, clock);
    this.stepFunctions = new LocalStepFunctions(clock, lambda, server, REGION, ACCOUNT_ID);
    this.ecs = new LocalEcs(ec2, server, REGION, ACCOUNT_ID);
    this.dataPlane = new DataPlane(ec2.world());
    this.scheduler = new LocalScheduler(clock, server, REGION, ACCOUNT_ID);
    server
        .register(new StsService(accounts, clock))
        .register(new StepFunctionsService(stepFunctions))
        .register(events)
        .register(new SchedulerService(scheduler))
        .register(new LambdaService(lambda))
        .register(ec2)
        .register(new EcsAdmin(ecs))
        .register(new DataPlaneAdmin(dataPlane));
    this.console = ConsoleServer.create(0, this);
  }

  /** A local cloud for {@code port} (0 = any free port) on a real-time clock; call {@link #start()}. */
  public static LocalCloud create(int port) {
    return new LocalCloud(port, LocalClock.create());
  }

  /** A local cloud for {@code port} on the given clock (e.g. a sped-up one). */
  public static LocalCloud create(int port, LocalClock clock) {
    return new LocalCloud(port, clock);
  }

  /** Starts serving; fails when the port is taken. */
  public LocalCloud start() {
    try {
      server.start();
      console.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local cloud on 127.0.0.1: " + e.getMessage()
          + " (is the port taken? use another, or 0 for any free port)", e);
    }
    return this;
  }

  /** Seeds EC2 with a scenario. */
  public LocalCloud seed(Scenario scenario) {
    ec2.seed(scenario);
    return this;
  }

  /**
   * Deploys a capture cluster as the CDK app would: its event bus and schedule group {@code
   * mirrorflow-<cluster>}, the scan-request rule on the bus, one
   * Lambda function per step and every workflow of {@code stateMachines} (the repository's
   * {@code state-machines/}), with the cluster's default mirror target and filter (either may be
   * null).
   */
  public Deployment deployCluster(String cluster, Path stateMachines, String defaultTargetId, String defaultFilterId) {
    return deployCluster(cluster, stateMachines, defaultTargetId, defaultFilterId, AllowedMirrorResources.any());
  }

  /**
   * Deploys a capture cluster whose steps allow only the targets and filters of {@code allowed}, as
   * the CDK stack sets them in every step's environment.
   */
  public Deployment deployCluster(String cluster, Path stateMachines, String defaultTargetId, String defaultFilterId,
      AllowedMirrorResources allowed) {
    return deployCluster(cluster, stateMachines, defaultTargetId, defaultFilterId, allowed,
        LocalDeployer.DEFAULT_SCAN_RATE);
  }

  /**
   * Deploys a capture cluster whose registered VPCs are each scanned every {@code scanRate} (a rate
   * expression, e.g. {@code rate(5 minutes)}), as the CDK stack's {@code -c scanRate=...} sets it.
   */
  public Deployment deployCluster(String cluster, Path stateMachines, String defaultTargetId, String defaultFilterId,
      AllowedMirrorResources allowed, String scanRate) {
    return deployCluster(cluster, stateMachines, defaultTargetId, defaultFilterId, allowed, scanRate, null);
  }

  /**
   * Deploys a capture cluster whose EC2 describes stay within {@code describeBudget}'s share of each
   * action's refill (reserved concurrency and a per-instance rate for every step that describes), as
   * the CDK stack's {@code -c describeShare=...} sets it; null: no budget.
   */
  public Deployment deployCluster(String cluster, Path stateMachines, String defaultTargetId, String defaultFilterId,
      AllowedMirrorResources allowed, String scanRate, DescribeBudgetPlan describeBudget) {
    LocalDeployer deployer = builder(defaultTargetId, defaultFilterId, cluster)
        .scanRate(scanRate)
        .describeBudget(describeBudget)
        .functionVariable(AllowedMirrorResources.TARGETS_VARIABLE,
            allowed.anyTarget() ? AllowedMirrorResources.ANY : AllowedMirrorResources.render(allowed.targetIds()))
        .functionVariable(AllowedMirrorResources.FILTERS_VARIABLE,
            allowed.anyFilter() ? AllowedMirrorResources.ANY : AllowedMirrorResources.render(allowed.filterIds()))
        .build();
    ClusterTriggers triggers = new ClusterTriggers(server, deployer);
    triggers.putBusAndScheduleGroup(cluster);
    Deployment deployment = deployer.deploy(stateMachines, cluster);
    triggers.putScanRequestRule(cluster, deployment);
    // The steps sign with the local key; on AWS they run as the cluster's activities role.
    ec2.cloudTrail().assumedRole(AwsClients.LOCAL_ACCESS_KEY,
        "arn:aws:iam::" + ACCOUNT_ID + ":role/" + ClusterNames.role(cluster, null, ClusterNames.ACTIVITIES_ROLE),
        ClusterNames.prefix(cluster) + "steps");
    return deployment;
  }

  /**
   * Puts the cluster-level rule the CDK app puts when the event path is deployed: EC2 and ECS
   * state changes on the default bus (pattern {@value #STATE_CHANGE_PATTERN} of {@code
   * stateMachines}) start the event-router workflow, with the same retry policy and dead-letter
   * queue. Does nothing when {@code deployment} has no event-router or the pattern file is absent.
   *
   * @return whether the rule was put
   */
  public boolean putStateChangeRule(String cluster, Path stateMachines, Deployment deployment) {
    Path patternFile = stateMachines.resolve(STATE_CHANGE_PATTERN);
    String router = deployment.stateMachineArns().get("event-router");
    if (router == null || !Files.isRegularFile(patternFile)) {
      return false;
    }
    String rule = ClusterNames.stateChangeRule(cluster);
    LocalDeployer deployer = deployer(null, null);
    ObjectMapper json = new ObjectMapper();
    try {
      ObjectNode putRule = json.createObjectNode()
          .put("Name", rule).put("EventPattern", Files.readString(patternFile)).put("State", "ENABLED");
      ObjectNode putTargets = json.createObjectNode().put("Rule", rule);
      ObjectNode target = putTargets.putArray("Targets").addObject()
          .put("Id", "event-router").put("Arn", router).put("RoleArn", deployer.eventsRoleArn(cluster));
      // As the CDK app: an hour of retries through throttling, then the dead-letter queue.
      target.putObject("RetryPolicy").put("MaximumRetryAttempts", 8).put("MaximumEventAgeInSeconds", 3600);
      target.putObject("DeadLetterConfig").put("Arn", deployer.deadLetterQueueArn(cluster));
      LocalResponse ruleAnswer = server.dispatch(LocalRequest.awsJson("AWSEvents.PutRule", putRule.toString()));
      LocalResponse targetAnswer = server.dispatch(LocalRequest.awsJson("AWSEvents.PutTargets", putTargets.toString()));
      if (ruleAnswer.status() != 200 || targetAnswer.status() != 200
          || json.readTree(targetAnswer.bodyAsString()).path("FailedEntryCount").asInt() != 0) {
        throw new IllegalStateException("cannot put the state-change rule " + rule + ": "
            + ruleAnswer.bodyAsString() + " " + targetAnswer.bodyAsString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + patternFile, e);
    }
    return true;
  }

  /**
   * A VPC's registration, written as add-vpc writes it (the schedule {@code <vpcId>} in the cluster's
   * group, target scan-vpc, Input the registration), with its first scheduled scan at {@code
   * firstScan} (null: at once). For tests, benchmarks and scenarios that register without add-vpc.
   */
  public void registerVpc(Deployment deployment, VpcRegistration registration, Instant firstScan) {
    String cluster = registration.cluster();
    LocalDeployer deployer = deployer(null, null);
    String scanVpc = deployment.stateMachineArns().get("scan-vpc");
    if (scanVpc == null) {
      throw new IllegalStateException("cluster " + cluster + " has no scan-vpc workflow to schedule");
    }
    try (SchedulerClient client = AwsClients.configure(SchedulerClient.builder(),
        Environment.local(endpoint(), REGION, Map.of())).build()) {
      new SchedulerVpcRegistry(client).register(registration, new SchedulerVpcRegistry.ScanTarget(
          scanVpc, deployer.schedulerRoleArn(cluster), deployer.deadLetterQueueArn(cluster)), firstScan);
    }
  }

  private LocalDeployer deployer(String defaultTargetId, String defaultFilterId) {
    return builder(defaultTargetId, defaultFilterId, null).build();
  }

  private LocalDeployer.Builder builder(String defaultTargetId, String defaultFilterId, String cluster) {
    LocalDeployer.Builder builder = LocalDeployer.builder(lambda, stepFunctions)
        .region(REGION)
        .accountId(ACCOUNT_ID)
        .defaultTargetId(defaultTargetId)
        .defaultFilterId(defaultFilterId);
    if (cluster != null) {
      // As Lambda does: the function's credentials are a session of its execution role (the cluster's step role).
      Role stepRole = accounts.role(members().stepRoleArn(cluster)).orElseGet(() -> accounts.putRole(ACCOUNT_ID,
          ClusterNames.role(cluster, null, ClusterNames.ACTIVITIES_ROLE), java.util.Set.of("lambda.amazonaws.com")));
      builder.functionVariable("AWS_ACCESS_KEY_ID", accounts.sessionKey(stepRole, ClusterNames.function(cluster, "steps")));
    }
    return builder;
  }

  private MemberDeployment members() {
    return new MemberDeployment(server, accounts, REGION, ACCOUNT_ID);
  }

  /**
   * Deploys the member stack in {@code memberAccount} as the CDK app's member stack would: the role
   * the cluster's steps assume there, and the rule forwarding the account's EC2 and ECS state changes
   * (pattern {@value #STATE_CHANGE_PATTERN} of {@code stateMachines}) to the cluster bus.
   */
  public void deployMember(String memberAccount, String cluster, Path stateMachines) {
    members().deployMember(memberAccount, cluster, readPattern(stateMachines));
  }

  /** Removes the member stack from {@code memberAccount}. */
  public void removeMember(String memberAccount, String cluster) {
    members().removeMember(memberAccount, cluster);
  }

  /**
   * The hub's side of member accounts, as the cluster stack's cross-account access: the cluster bus
   * accepts events from {@code memberAccounts} (and from {@code organizationId}'s accounts when not
   * null), and a rule on the cluster bus starts the event router for the forwarded state changes.
   */
  public void acceptMembers(String cluster, Path stateMachines, Deployment deployment, java.util.List<String> memberAccounts,
      String organizationId) {
    String router = deployment.stateMachineArns().get("event-router");
    if (router == null) {
      throw new IllegalStateException("cluster " + cluster + " has no event-router workflow to feed forwarded events to");
    }
    LocalDeployer deployer = deployer(null, null);
    members().acceptMembers(cluster, memberAccounts, organizationId, readPattern(stateMachines), router,
        deployer.eventsRoleArn(cluster), deployer.deadLetterQueueArn(cluster));
  }

  private static String readPattern(Path stateMachines) {
    Path file = stateMachines.resolve(STATE_CHANGE_PATTERN);
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The repository's {@code state-machines/} directory: under the system property {@code
   * mirrorflow.root} when set, else the first one found from the working directory upwards.
   */
  public static Path stateMachinesDirectory() {
    String root = System.getProperty("mirrorflow.root");
    if (root != null && !root.isBlank()) {
      Path dir = Path.of(root, "state-machines");
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("state-machines").resolve("reconcile-vpc.asl.json"))) {
        return dir.resolve("state-machines");
      }
    }
    throw new IllegalStateException(
        "cannot find the repository's state-machines/ directory: run from the Mirrorflow repository "
            + "or set -Dmirrorflow.root=<repository root>");
  }

  public URI endpoint() {
    return server.endpoint();
  }

  public LocalServer server() {
    return server;
  }

  /** The web console (its own loopback port), e.g. {@code http://127.0.0.1:40123/console/}, once started. */
  public URI consoleUrl() {
    return console.url();
  }

  /** The accounts: access keys, roles (a member deployment's), organizations. */
  public Accounts accounts() {
    return accounts;
  }

  public Ec2Service ec2() {
    return ec2;
  }

  public EventsService events() {
    return events;
  }

  /** Simulated ECS tasks on Fargate: task ENIs and task state-change events. */
  public LocalEcs ecs() {
    return ecs;
  }

  /** Packets injected on ENIs, mirrored through their sessions to targets' loopback addresses. */
  public DataPlane dataPlane() {
    return dataPlane;
  }

  /** EventBridge Scheduler: schedule groups and schedules fired on the clock. */
  public LocalScheduler scheduler() {
    return scheduler;
  }

  public LocalLambda lambda() {
    return lambda;
  }

  public LocalStepFunctions stepFunctions() {
    return stepFunctions;
  }

  public LocalClock clock() {
    return clock;
  }

  @Override
  public void close() {
    console.close();
    events.close();
    scheduler.close();
    stepFunctions.close();
    lambda.close();
    server.close();
    dataPlane.close();
  }
}
