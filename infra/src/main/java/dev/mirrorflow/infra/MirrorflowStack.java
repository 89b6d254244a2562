package dev.mirrorflow.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.lambda.CfnVersion;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * One capture cluster: its event bus, its state machines (from {@code state-machines/*.asl.json}),
 * the Lambda steps they call, the default-bus rule for EC2/ECS state changes, least-privilege IAM,
 * alarms to an SNS topic and a dashboard. Each concern is a room of its own ({@link ClusterTriggers},
 * {@link MirroringDefaults}, {@link ClusterIam}, {@link ClusterSteps}, {@link ClusterWorkflows},
 * {@link ClusterMonitoring}); the stack composes them and keeps their resources' logical ids as if they
 * stood directly in the stack.
 */
public class MirrorflowStack extends Stack {

  /** THE ownership tag: its value is the cluster's name. */
  public static final String OWNER_TAG = "mirrorflow:cluster";
  /** The ENI tag that remembers EC2 refused to mirror an ENI (see the activities' MirrorTags). */
  public static final String UNSUPPORTED_TAG = "mirrorflow:mirroring-unsupported";
  /** On an ENI: a refusal that repeats (account quota, target's sources), remembered for an hour. */
  public static final String REFUSED_TAG = "mirrorflow:refused";

  /** The only tags a session may be created with. */
  public static final List<String> SESSION_TAG_KEYS =
      List.of(OWNER_TAG, "mirrorflow:vpc", "mirrorflow:subnet", "mirrorflow:client-token");

  /**
   * The EC2 reads the activities make. None of them supports resource-level permissions, so they
   * are the only statement with {@code Resource: *}, listed one by one.
   */
  public static final List<String> EC2_READ_ACTIONS =
      List.of(
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeInstances",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:DescribeTrafficMirrorFilters",
          "ec2:DescribeTrafficMirrorSessions",
          "ec2:DescribeTrafficMirrorTargets",
          "ec2:DescribeVpcs");

  /** The alias every step is invoked through: SnapStart only applies to published versions. */
  public static final String LIVE_ALIAS = "live";

  private final ClusterSettings settings;
  private final String cluster;
  private final WorkflowDefinitions workflows;
  private final ClusterTriggers triggers;
  private final MirroringDefaults defaults;
  private final AllowedTargets allowedTargets;
  private final ClusterIam iam;
  private final CrossAccountAccess crossAccount;
  private final ClusterSteps steps;
  private final ClusterWorkflows stateMachines;
  private final ClusterMonitoring monitoring;
  private final OperatorAccess operatorAccess;

  /**
   * Builds the stack; fails fast with an {@link InvalidSettingsException} when a definition breaks
   * the conventions or the activities jar is missing.
   */
  public MirrorflowStack(Construct scope, String id, StackProps props, ClusterSettings settings) {
    super(scope, id, props);
    this.settings = settings;
    this.cluster = settings.cluster();
    this.workflows = WorkflowDefinitions.load(settings.stateMachinesDir());
    ActivitiesJar.requireExists(settings.activitiesJar());
    if (settings.verifyHandlers()) {
      ActivitiesJar.requireHandlers(settings.activitiesJar(), workflows.steps());
    }
    if (workflows.workflows().isEmpty()) {
      Annotations.of(this).addWarningV2("mirrorflow:no-workflows",
          "no *.asl.json in " + settings.stateMachinesDir() + ": the cluster has no state machines to run");
    }
    ClusterArns arns = new ClusterArns(this, cluster);

    triggers = new ClusterTriggers(this, "Triggers", arns);
    defaults = new MirroringDefaults(this, "MirroringDefaults", settings);
    allowedTargets = new AllowedTargets(this, "AllowedTargets", settings, defaults.targetId(), defaults.filterId());
    iam = new ClusterIam(this, "Iam", arns, workflows, allowedTargets);
    crossAccount = new CrossAccountAccess(this, "CrossAccountAccess", cluster);
    steps = new ClusterSteps(this, "Steps", settings, workflows.steps(), iam.activitiesRole(), stepEnvironment());
    DescribeBudget.apply(settings.describeBudget(), steps.functions());
    iam.createStateMachineRole(steps.aliases().values(), triggers.bus());
    workflows.find("scan-vpc").ifPresent(scan -> triggers.registerScans(arns.stateMachine(scan.name()), iam,
        workflows.integrationActions().stream().filter(a -> a.startsWith("scheduler:")).toList()));
    stateMachines = new ClusterWorkflows(this, "Workflows", arns, workflows, iam.stateMachineRole(),
        steps.aliases(), this::substitution);
    SortedMap<String, StateMachine> machines = stateMachines.stateMachines();
    workflows.find("scan-vpc").ifPresent(scan -> triggers.scanRequestsAfter(machines.get(scan.name())));
    Optional<IStateMachine> router = workflows.find("event-router").map(r -> machines.get(r.name()));
    router.ifPresent(machine -> triggers.routeStateChanges(
        StateChangePattern.load(settings.stateMachinesDir()), machine, iam.eventsRole()));
    crossAccount.apply(cluster, getRegion(), triggers.bus(), iam.activitiesRole(), router, iam.eventsRole(),
        triggers.deadLetterQueue());

    monitoring = new ClusterMonitoring(this, "Monitoring", settings);
    monitoring.alarms(machines, triggers.deadLetterQueue());
    triggers.registrations().ifPresent(registered -> monitoring.alarmOnRegistrationChanges(
        Names.scheduleGroup(cluster), iam.stateMachineRole(), triggers.deadLetterQueue()));
    operatorAccess = new OperatorAccess(this, "OperatorAccess", cluster, getRegion(),
        workflows.workflows().stream().map(WorkflowDefinition::name).toList(), Names.scheduleGroup(cluster));
    monitoring.dashboard(machines, steps.functions().values());
    outputs();
    keepLogicalIdsOutsideRooms();
    NagSuppressionsConfig.apply(
        cluster,
        workflows.workflows().stream().map(WorkflowDefinition::name).toList(),
        iam.activitiesRole(),
        iam.stateMachineRole(),
        triggers.deadLetterQueue(),
        List.copyOf(steps.functions().values()));
  }

  /** The settings the stack was built from. */
  public ClusterSettings settings() {
    return settings;
  }

  /** The workflows the stack deploys. */
  public WorkflowDefinitions workflows() {
    return workflows;
  }

  /** The Lambda function of each step, by step name. */
  public SortedMap<String, Function> functions() {
    return steps.functions();
  }

  /** The state machine of each workflow, by file name without {@code .asl.json}. */
  public SortedMap<String, StateMachine> stateMachines() {
    return stateMachines.stateMachines();
  }

  /** The schedule group, scheduler role and scan-request rule, when scan-vpc is deployed. */
  public Optional<RegistrationTriggers> registrations() {
    return triggers.registrations();
  }

  /** The targets and filters sessions may use. */
  public AllowedTargets allowedTargets() {
    return allowedTargets;
  }

  /** The default-bus rule feeding EC2/ECS state changes to the event router, when there is one. */
  public Optional<Rule> stateChangeRule() {
    return triggers.stateChangeRule();
  }

  /**
   * Rooms group resources in the code, not in their logical ids (see {@link ClusterRoom}): one rename
   * per resource in a room. Not by overriding {@code allocateLogicalId}: CDK resolves logical ids
   * uncached, and a Java override answers each resolution through a nested jsii callback, deep enough
   * to overflow the stack. A step's current version is renamed by {@link ClusterSteps} as it is made.
   */
  private void keepLogicalIdsOutsideRooms() {
    for (IConstruct child : getNode().findAll()) {
      if (child instanceof CfnElement element && !(child instanceof CfnVersion)) {
        LogicalIds.keepOutsideRooms(element);
      }
    }
  }

  /** Only what the activities read: the rest reaches the workflows as definition substitutions. */
  private Map<String, String> stepEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("MIRRORFLOW_CLUSTER", cluster);
    environment.putAll(allowedTargets.environment());
    if (crossAccount.enabled()) {
      crossAccount.addVariables(environment, cluster, getRegion());
    }
    // Steps are short and I/O-bound: the C1 compiler alone reaches steady speed sooner than
    // C1+C2, the setting AWS recommends for such Java functions.
    environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    return environment;
  }

  /** The value of a placeholder other than a step's or a workflow's ARN. */
  private String substitution(String placeholder) {
    return switch (placeholder) {
      case "ClusterName" -> cluster;
      case "ClusterBusName" -> triggers.bus().getEventBusName();
      case "RulePrefix" -> Names.rulePrefix(cluster);
      case "Partition" -> Aws.PARTITION;
      case "Region" -> Aws.REGION;
      case "AccountId" -> Aws.ACCOUNT_ID;
      case "EventsRoleArn" -> iam.eventsRole().getRoleArn();
      case "ScheduleGroupName" -> requireRegistrations(placeholder).scheduleGroupName();
      case "SchedulerRoleArn" -> requireRegistrations(placeholder).schedulerRole().getRoleArn();
      case "DeadLetterQueueArn" -> triggers.deadLetterQueue().getQueueArn();
      case "DefaultTargetId" -> defaults.targetId();
      case "DefaultFilterId" -> defaults.filterId();
      case "ScanRate" -> settings.scanRate();
      default -> throw new InvalidSettingsException("unknown placeholder ${" + placeholder + "}");
    };
  }

  private RegistrationTriggers requireRegistrations(String placeholder) {
    return triggers.registrations().orElseThrow(() -> new InvalidSettingsException("${" + placeholder
        + "} needs the schedule group, which the stack deploys with scan-vpc.asl.json: add that workflow (the "
        + "target of every VPC's schedule)"));
  }

  private void outputs() {
    output("ClusterBusName", triggers.bus().getEventBusName(), "The cluster's event bus: scan, add and remove requests");
    output("EventsRoleArn", iam.eventsRole().getRoleArn(), "The role the cluster's rules start state machines with");
    output("DeadLetterQueueArn", triggers.deadLetterQueue().getQueueArn(), "Where events no rule target accepted wait");
    output("AlarmTopicArn", monitoring.alarmTopic().getTopicArn(), "Subscribe to it for the cluster's alarms");
    output("DashboardName", Names.dashboard(cluster), "The cluster's CloudWatch dashboard");
    output("DefaultMirrorTargetId", defaults.targetId(), "The mirror target VPCs use unless their config names one");
    output("DefaultMirrorFilterId", defaults.filterId(), "The mirror filter VPCs use unless their config names one");
    output("AllowedMirrorTargetArns", String.join(",", allowedTargets.targetArns()),
        "The only mirror targets sessions may use (allowedTargets); a member account's role takes the same list");
    output("AllowedMirrorFilterArns", String.join(",", allowedTargets.filterArns()),
        "The only mirror filters sessions may use (allowedFilterIds)");
    output("OperatorPolicyArn", operatorAccess.policy().getManagedPolicyArn(),
        "Attach to the people who run the CLI: start and read this cluster's workflows, read status");
    stateMachines().forEach((name, machine) ->
        output(Names.pascalCase(name) + "StateMachineArn", machine.getStateMachineArn(),
            "The state machine of state-machines/" + name + WorkflowDefinitions.SUFFIX));
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }
}
