package dev.mirrorflow.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.CfnTrafficMirrorFilter;
import software.amazon.awscdk.services.ec2.CfnTrafficMirrorFilterRule;
import software.amazon.awscdk.services.ec2.CfnTrafficMirrorTarget;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SfnStateMachineProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * One capture cluster: its event bus, its state machines (from {@code state-machines/*.asl.json}),
 * the Lambda steps they call, the default-bus rule for EC2/ECS state changes, least-privilege IAM,
 * alarms to an SNS topic and a dashboard.
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

  /** The namespace of the metrics the activities emit in Embedded Metric Format. */
  public static final String METRICS_NAMESPACE = "Mirrorflow";

  /** The alias every step is invoked through: SnapStart only applies to published versions. */
  public static final String LIVE_ALIAS = "live";

  /**
   * 1024 MB: Lambda gives CPU in proportion to memory, and a JVM step is CPU-bound while it
   * class-loads the SDK's EC2 model and JIT-compiles (SnapStart restores the loaded classes, not
   * the JIT's later work). The steps themselves hold a few pages of ENIs and sessions, far below.
   */
  private static final int FUNCTION_MEMORY_MB = 1024;

  /**
   * 60 s: a step makes a few EC2 calls of one attempt each (the state machine retries); the longest
   * is a create batch paced by EC2's mutating-call bucket (about 5 per second after a burst of
   * 50), so a batch of 50 needs about 10 s when the bucket is empty. A step still running after a
   * minute is stuck: Lambda ends it, Step Functions reports the timeout (as it does an out-of-memory)
   * as Lambda.Unknown, and every Lambda Task's Retry lists Lambda.Unknown, which does better than
   * waiting (Step Functions best practices, "Handle Lambda service exceptions").
   */
  private static final Duration FUNCTION_TIMEOUT = Duration.seconds(60);

  private static final Pattern FUNCTION_ARN = Pattern.compile("([A-Z][A-Za-z0-9]*)FunctionArn");
  private static final Pattern STATE_MACHINE_ARN = Pattern.compile("([A-Z][A-Za-z0-9]*)StateMachineArn");

  private final ClusterSettings settings;
  private final String cluster;
  private final WorkflowDefinitions workflows;
  private final EventBus bus;
  private final Queue deadLetterQueue;
  private final Role eventsRole;
  private final Role activitiesRole;
  private final CrossAccountAccess crossAccount;
  private final Role stateMachineRole;
  private final Topic alarmTopic;
  private final String defaultTargetId;
  private final String defaultFilterId;
  private final String scanRate;
  private final SortedMap<String, Function> functions = new TreeMap<>();
  private final SortedMap<String, Alias> aliases = new TreeMap<>();
  private final SortedMap<String, StateMachine> stateMachines = new TreeMap<>();
  private final Rule stateChangeRule;
  private final RegistrationTriggers registrations;
  private AllowedTargets allowedTargets;
  private OperatorAccess operatorAccess;

  /**
   * Builds the stack; fails fast with an {@link InvalidSettingsException} when a definition breaks
   * the conventions or the activities jar is missing.
   */
  public MirrorflowStack(Construct scope, String id, StackProps props, ClusterSettings settings) {
    super(scope, id, props);
    this.settings = settings;
    this.cluster = settings.cluster();
    this.scanRate = settings.scanRate();
    this.workflows = WorkflowDefinitions.load(settings.stateMachinesDir());
    ActivitiesJar.requireExists(settings.activitiesJar());
    if (settings.verifyHandlers()) {
      ActivitiesJar.requireHandlers(settings.activitiesJar(), workflows.steps());
    }

    if (workflows.workflows().isEmpty()) {
      Annotations.of(this).addWarningV2("mirrorflow:no-workflows",
          "no *.asl.json in " + settings.stateMachinesDir() + ": the cluster has no state machines to run");
    }
    bus = EventBus.Builder.create(this, "ClusterBus").eventBusName(Names.cluster(cluster)).build();
    deadLetterQueue = createDeadLetterQueue();
    defaultTargetId = mirrorTarget();
    defaultFilterId = settings.filterId().orElseGet(this::acceptAllFilter);
    allowedTargets = new AllowedTargets(this, "AllowedTargets", settings, defaultTargetId, defaultFilterId);

    eventsRole = createEventsRole();
    crossAccount = new CrossAccountAccess(this, "CrossAccountAccess", cluster);
    activitiesRole = createActivitiesRole();
    for (String step : workflows.steps()) {
      function(step);
    }
    DescribeBudget.apply(settings.describeBudget(), functions);
    stateMachineRole = createStateMachineRole();
    // Registrations are schedules in the cluster's group; scan requests go through one rule.
    registrations = workflows.find("scan-vpc").map(scan -> new RegistrationTriggers(this, "Registrations", cluster,
        bus, stateMachineArn(scan.name()), eventsRole, deadLetterQueue)).orElse(null);
    if (registrations != null) {
      registrations.grantReadSchedules(activitiesRole);
      registrations.grantManageSchedules(stateMachineRole, workflows.integrationActions().stream()
          .filter(a -> a.startsWith("scheduler:")).toList());
    }
    for (WorkflowDefinition workflow : workflows.workflows()) {
      stateMachine(workflow);
    }
    if (registrations != null) {
      registrations.scanRequestRule().addDependency(
          (software.amazon.awscdk.CfnResource) stateMachines.get("scan-vpc").getNode().getDefaultChild());
    }
    stateChangeRule = workflows.find("event-router").map(this::stateChangeRule).orElse(null);
    crossAccount.apply(cluster, getRegion(), bus, activitiesRole,
        workflows.find("event-router").map(r -> (IStateMachine) stateMachines.get(r.name())), eventsRole, deadLetterQueue);

    alarmTopic = createAlarmTopic();
    alarms();
    if (registrations != null) {
      new RegistrationChangeAlarm(this, "RegistrationChangeAlarm", cluster, Names.scheduleGroup(cluster),
          stateMachineRole, alarmTopic, deadLetterQueue);
    }
    operatorAccess = new OperatorAccess(this, "OperatorAccess", cluster, getRegion(),
        workflows.workflows().stream().map(WorkflowDefinition::name).toList(), Names.scheduleGroup(cluster));
    dashboard();
    outputs();
    NagSuppressionsConfig.apply(
        cluster,
        workflows.workflows().stream().map(WorkflowDefinition::name).toList(),
        activitiesRole,
        stateMachineRole,
        deadLetterQueue,
        List.copyOf(functions.values()));
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
    return java.util.Collections.unmodifiableSortedMap(functions);
  }

  /** The state machine of each workflow, by file name without {@code .asl.json}. */
  public SortedMap<String, StateMachine> stateMachines() {
    return java.util.Collections.unmodifiableSortedMap(stateMachines);
  }

  /** The schedule group, scheduler role and scan-request rule, when scan-vpc is deployed. */
  public java.util.Optional<RegistrationTriggers> registrations() {
    return java.util.Optional.ofNullable(registrations);
  }

  /** The targets and filters sessions may use. */
  public AllowedTargets allowedTargets() {
    return allowedTargets;
  }

  /** The default-bus rule feeding EC2/ECS state changes to the event router, when there is one. */
  public java.util.Optional<Rule> stateChangeRule() {
    return java.util.Optional.ofNullable(stateChangeRule);
  }

  // ---- event routing

  private Queue createDeadLetterQueue() {
    // One queue for every rule target of the cluster: the stack's own rule and the per-VPC rules
    // the add-vpc workflow creates (which name this queue by its well-known name).
    Queue queue =
        Queue.Builder.create(this, "DeadLetterQueue")
            .queueName(Names.deadLetterQueue(cluster))
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .build();
    queue.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("DeadLettersOfClusterRules")
            .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
            .actions(List.of("sqs:SendMessage"))
            .resources(List.of(queue.getQueueArn()))
            .conditions(Map.of("ArnLike", Map.of("aws:SourceArn", ownedRuleArns())))
            .build());
    return queue;
  }

  private Role createEventsRole() {
    Role role =
        Role.Builder.create(this, "EventsRole")
            .roleName(Names.role(cluster, getRegion(), "events"))
            .description("Lets the rules of Mirrorflow cluster " + cluster + " start its state machines")
            .assumedBy(new ServicePrincipal("events.amazonaws.com"))
            .build();
    if (!workflows.workflows().isEmpty()) {
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .sid("StartClusterStateMachines")
              .actions(List.of("states:StartExecution"))
              .resources(stateMachineArns())
              .build());
    }
    return role;
  }

  private Rule stateChangeRule(WorkflowDefinition router) {
    // EC2 and ECS state changes carry no VPC id, so one cluster-level rule feeds the router, which
    // finds the VPC and subnet and asks for a reconcile of just that subnet.
    StateChangePattern pattern = StateChangePattern.load(settings.stateMachinesDir());
    Rule rule = Rule.Builder.create(this, "StateChangeRule")
        .ruleName(Names.stateChangeRule(cluster))
        .description("EC2 instance and ECS task state changes and EC2 API calls (CloudTrail) for Mirrorflow cluster " + cluster)
        .eventPattern(pattern.toEventPattern())
        .targets(
            List.of(
                new SfnStateMachine(
                    stateMachines.get(router.name()),
                    SfnStateMachineProps.builder()
                        .role(eventsRole)
                        .deadLetterQueue(deadLetterQueue)
                        // A state change older than an hour is news the every-minute scan has
                        // already acted on; until then, keep trying through throttling.
                        .retryAttempts(8)
                        .maxEventAge(Duration.hours(1))
                        .build())))
        .build();
    ((CfnRule) rule.getNode().getDefaultChild()).addPropertyOverride("EventPattern", pattern.pattern());
    return rule;
  }

  // ---- mirroring defaults

  private String mirrorTarget() {
    MirrorTarget target = settings.target();
    if (target instanceof MirrorTarget.Existing existing) {
      return existing.targetId();
    }
    CfnTrafficMirrorTarget.Builder builder =
        CfnTrafficMirrorTarget.Builder.create(this, "DefaultMirrorTarget")
            .description("Mirrorflow cluster " + cluster + " default target")
            .tags(List.of(CfnTag.builder().key(OWNER_TAG).value(cluster).build()));
    if (target instanceof MirrorTarget.NetworkLoadBalancer nlb) {
      builder.networkLoadBalancerArn(nlb.arn());
    } else if (target instanceof MirrorTarget.GatewayLoadBalancerEndpoint endpoint) {
      builder.gatewayLoadBalancerEndpointId(endpoint.endpointId());
    }
    return builder.build().getRef();
  }

  private String acceptAllFilter() {
    CfnTrafficMirrorFilter filter =
        CfnTrafficMirrorFilter.Builder.create(this, "DefaultMirrorFilter")
            .description("Mirrorflow cluster " + cluster + " default: accept all traffic")
            .tags(List.of(CfnTag.builder().key(OWNER_TAG).value(cluster).build()))
            .build();
    int rule = 100;
    for (String direction : List.of("ingress", "egress")) {
      for (String cidr : List.of("0.0.0.0/0", "::/0")) {
        CfnTrafficMirrorFilterRule.Builder.create(this, "DefaultMirrorFilter-" + direction + "-" + rule)
            .trafficMirrorFilterId(filter.getRef())
            .trafficDirection(direction)
            .ruleNumber(rule)
            .ruleAction("accept")
            .sourceCidrBlock(cidr)
            .destinationCidrBlock(cidr)
            .description("accept all " + (cidr.contains(":") ? "IPv6" : "IPv4") + " " + direction)
            .build();
        rule += 100;
      }
      rule = 100;
    }
    return filter.getRef();
  }

  // ---- Lambda steps

  private Role createActivitiesRole() {
    Role role =
        Role.Builder.create(this, "ActivitiesRole")
            .roleName(Names.role(cluster, getRegion(), "activities"))
            .description("The Lambda steps of Mirrorflow cluster " + cluster)
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .build();
    String session = ec2Arn("traffic-mirror-session", "*");
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("CreateOwnedSessions")
            .actions(List.of("ec2:CreateTrafficMirrorSession"))
            .resources(List.of(session))
            .conditions(
                Map.of(
                    "StringEquals", Map.of("aws:RequestTag/" + OWNER_TAG, cluster),
                    "ForAllValues:StringEquals", Map.of("aws:TagKeys", SESSION_TAG_KEYS)))
            .build());
    // The source ENI of CreateTrafficMirrorSession: any ENI of the account (VPCs register at run
    // time). Its filter and target: only those the cluster allows (AllowedTargets).
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("CreateSessionsOnSources")
            .actions(List.of("ec2:CreateTrafficMirrorSession"))
            .resources(List.of(ec2Arn("network-interface", "*")))
            .build());
    allowedTargets.grantCreateSessions(role);
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("TagOnlyWhileCreatingOwnedSessions")
            .actions(List.of("ec2:CreateTags"))
            .resources(List.of(session))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of(
                        "ec2:CreateAction", "CreateTrafficMirrorSession",
                        "aws:RequestTag/" + OWNER_TAG, cluster)))
            .build());
    // Refusals that repeat (NetworkInterfaceNotSupported; the session quota or a target's sources)
    // are remembered on the ENI (these two tag keys, nothing else), so later reconciles do not
    // spend mutating calls on them again.
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("MarkUnsupportedEnis")
            .actions(List.of("ec2:CreateTags"))
            .resources(List.of(ec2Arn("network-interface", "*")))
            .conditions(Map.of("ForAllValues:StringEquals", Map.of("aws:TagKeys", List.of(UNSUPPORTED_TAG, REFUSED_TAG))))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("DeleteOnlyOwnedSessions")
            .actions(List.of("ec2:DeleteTrafficMirrorSession"))
            .resources(List.of(session))
            .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + OWNER_TAG, cluster)))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("DescribeNetwork")
            .actions(EC2_READ_ACTIONS)
            .resources(List.of("*"))
            .build());
    if (!workflows.workflows().isEmpty()) {
      // The every-minute scan stands aside while a reconcile of its VPC is running: one
      // ListExecutions call on the cluster's own state machines.
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .sid("ListClusterExecutions")
              .actions(List.of("states:ListExecutions"))
              .resources(stateMachineArns())
              .build());
    }
    return role;
  }

  private void function(String step) {
    String name = Names.function(cluster, step);
    LogGroup logs =
        LogGroup.Builder.create(this, step + "Logs")
            .logGroupName("/aws/lambda/" + name)
            .retention(RetentionDays.ONE_MONTH)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    logs.grantWrite(activitiesRole);
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("MIRRORFLOW_CLUSTER", cluster);
    environment.put("MIRRORFLOW_CLUSTER_BUS", Names.cluster(cluster));
    environment.put("MIRRORFLOW_RULE_PREFIX", Names.rulePrefix(cluster));
    environment.put("MIRRORFLOW_DEFAULT_TARGET_ID", defaultTargetId);
    environment.put("MIRRORFLOW_DEFAULT_FILTER_ID", defaultFilterId);
    environment.putAll(allowedTargets.environment());
    environment.put("MIRRORFLOW_METRICS_NAMESPACE", METRICS_NAMESPACE);
    if (crossAccount.enabled()) {
      crossAccount.addVariables(environment, cluster, getRegion());
    }
    // Steps are short and I/O-bound: the C1 compiler alone reaches steady speed sooner than
    // C1+C2, the setting AWS recommends for such Java functions.
    environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    Function fn =
        Function.Builder.create(this, step + "Function")
            .functionName(name)
            .description("Mirrorflow step " + step + " of cluster " + cluster)
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.ARM_64)
            .handler(Names.handlerClass(step) + "::handleRequest")
            .code(Code.fromAsset(settings.activitiesJar().toString()))
            .memorySize(FUNCTION_MEMORY_MB)
            .timeout(FUNCTION_TIMEOUT)
            .role(activitiesRole)
            .logGroup(logs)
            // SnapStart supports Java 11+ managed runtimes on arm64 too (Lambda's SnapStart
            // documentation); it needs published versions, hence the alias.
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .environment(environment)
            .build();
    // SnapStart runs the function's init when the version is published: let it log by then.
    fn.getNode().addDependency(activitiesRole);
    Alias alias =
        Alias.Builder.create(this, step + "Live").aliasName(LIVE_ALIAS).version(fn.getCurrentVersion()).build();
    functions.put(step, fn);
    aliases.put(step, alias);
  }

  // ---- state machines

  private Role createStateMachineRole() {
    Role role =
        Role.Builder.create(this, "StateMachineRole")
            .roleName(Names.role(cluster, getRegion(), "states"))
            .description("The state machines of Mirrorflow cluster " + cluster)
            .assumedBy(new ServicePrincipal("states.amazonaws.com"))
            .build();
    if (!aliases.isEmpty()) {
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .sid("InvokeClusterFunctions")
              .actions(List.of("lambda:InvokeFunction"))
              .resources(aliases.values().stream().map(Alias::getFunctionArn).toList())
              .build());
    }
    if (!workflows.workflows().isEmpty()) {
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .sid("StartClusterExecutions")
              .actions(List.of("states:StartExecution", "states:StartSyncExecution"))
              .resources(stateMachineArns())
              .build());
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .sid("ManageClusterExecutions")
              .actions(List.of("states:DescribeExecution", "states:StopExecution"))
              .resources(
                  workflows.workflows().stream()
                      .map(w -> arn("states", "execution", Names.stateMachine(cluster, w.name()) + ":*"))
                      .toList())
              .build());
    }
    if (workflows.integrationActions().contains("events:PutEvents")) {
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .sid("PutEventsOnClusterBus")
              .actions(List.of("events:PutEvents"))
              .resources(List.of(bus.getEventBusArn()))
              .build());
    }
    if (workflows.usesSyncExecution()) {
      // startExecution.sync waits through a rule Step Functions manages on the default bus.
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .sid("StepFunctionsManagedSyncRule")
              .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
              .resources(List.of(arn("events", "rule", "StepFunctionsGetEventsForStepFunctionsExecutionRule")))
              .build());
    }
    return role;
  }

  private void stateMachine(WorkflowDefinition workflow) {
    String name = Names.stateMachine(cluster, workflow.name());
    boolean express = workflow.type() == StateMachineType.EXPRESS;
    LogGroup logs =
        LogGroup.Builder.create(this, workflow.pascalName() + "Logs")
            // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy from growing with
            // every state machine.
            .logGroupName("/aws/vendedlogs/states/" + name)
            .retention(RetentionDays.ONE_MONTH)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    StateMachine machine =
        StateMachine.Builder.create(this, workflow.pascalName() + "StateMachine")
            .stateMachineName(name)
            .stateMachineType(workflow.type())
            .definitionBody(DefinitionBody.fromString(workflow.definition()))
            .definitionSubstitutions(substitutions(workflow))
            .role(stateMachineRole)
            .tracingEnabled(true)
            .logs(
                LogOptions.builder()
                    .destination(logs)
                    .level(LogLevel.ALL)
                    // An Express execution's log is its only history; a Standard one keeps its
                    // inputs and outputs in its execution history already.
                    .includeExecutionData(express)
                    .build())
            .build();
    stateMachines.put(workflow.name(), machine);
  }

  /** The definition substitutions of one workflow: exactly its placeholders, per state-machines/README.md. */
  private Map<String, String> substitutions(WorkflowDefinition workflow) {
    Map<String, String> values = new TreeMap<>();
    for (String placeholder : workflow.placeholders()) {
      values.put(placeholder, substitution(placeholder));
    }
    return values;
  }

  private String substitution(String placeholder) {
    Matcher function = FUNCTION_ARN.matcher(placeholder);
    if (function.matches()) {
      return aliases.get(function.group(1)).getFunctionArn();
    }
    Matcher machine = STATE_MACHINE_ARN.matcher(placeholder);
    if (machine.matches()) {
      String workflow =
          workflows.workflows().stream()
              .filter(w -> w.pascalName().equals(machine.group(1)))
              .findFirst()
              .orElseThrow()
              .name();
      // Built from the name, not a reference: workflows may start each other (or themselves)
      // without a dependency cycle.
      return stateMachineArn(workflow);
    }
    return switch (placeholder) {
      case "ClusterName" -> cluster;
      case "ClusterBusName" -> bus.getEventBusName();
      case "RulePrefix" -> Names.rulePrefix(cluster);
      case "Partition" -> Aws.PARTITION;
      case "Region" -> Aws.REGION;
      case "AccountId" -> Aws.ACCOUNT_ID;
      case "EventsRoleArn" -> eventsRole.getRoleArn();
      case "ScheduleGroupName" -> requireRegistrations(placeholder).scheduleGroupName();
      case "SchedulerRoleArn" -> requireRegistrations(placeholder).schedulerRole().getRoleArn();
      case "DeadLetterQueueArn" -> deadLetterQueue.getQueueArn();
      case "DefaultTargetId" -> defaultTargetId;
      case "DefaultFilterId" -> defaultFilterId;
      case "ScanRate" -> scanRate;
      default -> throw new InvalidSettingsException("unknown placeholder ${" + placeholder + "}");
    };
  }

  private RegistrationTriggers requireRegistrations(String placeholder) {
    if (registrations == null) {
      throw new InvalidSettingsException("${" + placeholder + "} needs the schedule group, which the stack "
          + "deploys with scan-vpc.asl.json: add that workflow (the target of every VPC's schedule)");
    }
    return registrations;
  }

  // ---- alarms and dashboard

  private Topic createAlarmTopic() {
    Key key =
        Key.Builder.create(this, "AlarmTopicKey")
            .description("Encrypts the alarm topic of Mirrorflow cluster " + cluster)
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.DESTROY)
            .pendingWindow(Duration.days(7))
            .build();
    // CloudWatch alarms publish to an encrypted topic only if they may use its key.
    key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    // So may EventBridge, for the tamper alarm's rule (RegistrationChangeAlarm).
    key.grant(new ServicePrincipal("events.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    Topic topic =
        Topic.Builder.create(this, "AlarmTopic")
            .topicName(Names.alarmTopic(cluster))
            .displayName("Mirrorflow " + cluster + " alarms")
            .masterKey(key)
            .enforceSsl(true)
            .build();
    settings.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
    return topic;
  }

  private void alarms() {
    SnsAction notify = new SnsAction(alarmTopic);
    MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    for (Map.Entry<String, StateMachine> entry : stateMachines.entrySet()) {
      String pascal = Names.pascalCase(entry.getKey());
      String name = Names.stateMachine(cluster, entry.getKey());
      alarm(pascal + "FailedAlarm", name + "-failed", entry.getValue().metricFailed(fiveMinutes),
          "Executions of " + name + " failed", notify);
      alarm(pascal + "TimedOutAlarm", name + "-timed-out", entry.getValue().metricTimedOut(fiveMinutes),
          "Executions of " + name + " timed out", notify);
    }
    // No alarm on a function's Errors: a throttled batch fails its invocation and the workflow's
    // Retry repeats it, which is expected and needs nobody; what outlasts the retries shows below.
    alarm("SubnetsFailedAlarm", Names.rulePrefix(cluster) + "subnets-failed", clusterMetric("SubnetsFailed"),
        "Reconciles of cluster " + cluster + " reported subnets failed (after the workflow's retries): see the "
            + "failedSubnets of the reconcile's output", notify);
    alarm("PermanentRefusalsAlarm", Names.rulePrefix(cluster) + "permanent-refusals", clusterMetric("PermanentRefusals"),
        "EC2 refused sessions of cluster " + cluster + " for a reason that will not pass by itself (a quota, a "
            + "permission, a missing target): see the 'failed' counts of the reconcile's output", notify);
    alarm("DeadLettersAlarm", Names.deadLetterQueue(cluster) + "-not-empty",
        deadLetterQueue.metricApproximateNumberOfMessagesVisible(
            MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()),
        "Events that no rule target of cluster " + cluster + " accepted are waiting in "
            + Names.deadLetterQueue(cluster), notify);
  }

  /** A metric the Summarize step emits per cluster (EMF, dimension Cluster alone), summed over 5 minutes. */
  private IMetric clusterMetric(String name) {
    return Metric.Builder.create()
        .namespace(METRICS_NAMESPACE)
        .metricName(name)
        .dimensionsMap(Map.of("Cluster", cluster))
        .statistic("Sum")
        .period(Duration.minutes(5))
        .build();
  }

  private void alarm(String id, String name, IMetric metric, String description, SnsAction notify) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .alarmName(name)
            .alarmDescription(description)
            .metric(metric)
            .threshold(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    alarm.addAlarmAction(notify);
  }

  private void dashboard() {
    Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(Names.dashboard(cluster)).build();
    List<GraphWidget> perVpc = new ArrayList<>();
    for (String metric : List.of("SessionsCreated", "SessionsDeleted", "EnisSkipped", "SessionFailures")) {
      perVpc.add(
          GraphWidget.Builder.create()
              .title(metric + " per VPC")
              .width(12)
              .left(List.of(
                  MathExpression.Builder.create()
                      // SEARCH, not fixed metrics: a VPC registered after the deploy appears by itself.
                      .expression(vpcSearch(metric))
                      .usingMetrics(Map.of())
                      .label("")
                      .period(Duration.minutes(5))
                      .build()))
              .build());
    }
    dashboard.addWidgets(perVpc.get(0), perVpc.get(1));
    dashboard.addWidgets(perVpc.get(2), perVpc.get(3));
    List<IMetric> executions = new ArrayList<>();
    stateMachines.forEach((name, machine) -> {
      executions.add(machine.metricFailed());
      executions.add(machine.metricTimedOut());
    });
    List<IMetric> errors = new ArrayList<>();
    functions.values().forEach(fn -> errors.add(fn.metricErrors()));
    dashboard.addWidgets(
        GraphWidget.Builder.create().title("Failed and timed-out executions").width(12).left(executions).build(),
        GraphWidget.Builder.create().title("Lambda step errors").width(12).left(errors).build());
  }

  /** The SEARCH expression of one EMF metric, one line per VPC of this cluster. */
  static String vpcSearch(String cluster, String metric) {
    return "SEARCH('{" + METRICS_NAMESPACE + ",Cluster,VpcId} MetricName=\"" + metric + "\" Cluster=\""
        + cluster + "\"', 'Sum', 300)";
  }

  private String vpcSearch(String metric) {
    return vpcSearch(cluster, metric);
  }

  // ---- outputs

  private void outputs() {
    output("ClusterBusName", bus.getEventBusName(), "The cluster's event bus: scan, add and remove requests");
    output("EventsRoleArn", eventsRole.getRoleArn(), "The role the cluster's rules start state machines with");
    output("DeadLetterQueueArn", deadLetterQueue.getQueueArn(), "Where events no rule target accepted wait");
    output("AlarmTopicArn", alarmTopic.getTopicArn(), "Subscribe to it for the cluster's alarms");
    output("DashboardName", Names.dashboard(cluster), "The cluster's CloudWatch dashboard");
    output("DefaultMirrorTargetId", defaultTargetId, "The mirror target VPCs use unless their config names one");
    output("DefaultMirrorFilterId", defaultFilterId, "The mirror filter VPCs use unless their config names one");
    output("AllowedMirrorTargetArns", String.join(",", allowedTargets.targetArns()),
        "The only mirror targets sessions may use (allowedTargets); a member account's role takes the same list");
    output("AllowedMirrorFilterArns", String.join(",", allowedTargets.filterArns()),
        "The only mirror filters sessions may use (allowedFilterIds)");
    output("OperatorPolicyArn", operatorAccess.policy().getManagedPolicyArn(),
        "Attach to the people who run the CLI: start and read this cluster's workflows, read status");
    stateMachines.forEach((name, machine) ->
        output(Names.pascalCase(name) + "StateMachineArn", machine.getStateMachineArn(),
            "The state machine of state-machines/" + name + WorkflowDefinitions.SUFFIX));
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }

  // ---- ARNs

  private List<String> stateMachineArns() {
    return workflows.workflows().stream().map(w -> stateMachineArn(w.name())).toList();
  }

  private String stateMachineArn(String workflow) {
    return arn("states", "stateMachine", Names.stateMachine(cluster, workflow));
  }

  /** The rules the cluster owns: {@code mirrorflow-<cluster>-*} on the default bus and on its own bus. */
  private List<String> ownedRuleArns() {
    return List.of(
        arn("events", "rule", Names.rulePrefix(cluster) + "*"),
        arn("events", "rule", Names.cluster(cluster) + "/" + Names.rulePrefix(cluster) + "*"));
  }

  private String ec2Arn(String resource, String name) {
    return formatArn(
        ArnComponents.builder()
            .service("ec2")
            .resource(resource)
            .resourceName(name)
            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
            .build());
  }

  private String arn(String service, String resource, String name) {
    return formatArn(
        ArnComponents.builder()
            .service(service)
            .resource(resource)
            .resourceName(name)
            .arnFormat(service.equals("states") ? ArnFormat.COLON_RESOURCE_NAME : ArnFormat.SLASH_RESOURCE_NAME)
            .build());
  }
}
