package dev.mirrorflow.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SfnStateMachineProps;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * What starts the workflows: the cluster's event bus, the dead-letter queue of every rule and schedule
 * target, the registrations ({@link RegistrationTriggers}: a schedule per VPC and the scan-request rule)
 * and the default-bus rule feeding EC2/ECS state changes to the event router.
 */
final class ClusterTriggers extends ClusterRoom {
  private final String cluster;
  private final EventBus bus;
  private final Queue deadLetterQueue;
  private RegistrationTriggers registrations;
  private Rule stateChangeRule;

  ClusterTriggers(Construct scope, String id, ClusterArns arns) {
    super(scope, id);
    this.cluster = arns.cluster();
    bus = EventBus.Builder.create(this, "ClusterBus").eventBusName(Names.cluster(cluster)).build();
    deadLetterQueue = createDeadLetterQueue(arns);
  }

  /** The cluster's own bus: scan requests, and the events members forward. */
  EventBus bus() {
    return bus;
  }

  /** The dead-letter queue of every rule and schedule target of the cluster. */
  Queue deadLetterQueue() {
    return deadLetterQueue;
  }

  /** The schedule group, scheduler role and scan-request rule, once {@link #registerScans} made them. */
  Optional<RegistrationTriggers> registrations() {
    return Optional.ofNullable(registrations);
  }

  /** The default-bus rule feeding EC2/ECS state changes to the event router, once {@link #routeStateChanges} made it. */
  Optional<Rule> stateChangeRule() {
    return Optional.ofNullable(stateChangeRule);
  }

  /**
   * Registrations as schedules in the cluster's group, scan requests through one rule, all starting
   * {@code scanVpcArn}; grants the steps reading the group and the workflows managing its schedules.
   */
  RegistrationTriggers registerScans(String scanVpcArn, ClusterIam iam, List<String> schedulerActions) {
    registrations = new RegistrationTriggers(this, "Registrations", cluster, bus, scanVpcArn, iam.eventsRole(),
        deadLetterQueue);
    registrations.grantReadSchedules(iam.activitiesRole());
    registrations.grantManageSchedules(iam.stateMachineRole(), schedulerActions);
    return registrations;
  }

  /** The scan-request rule waits for the scan-vpc state machine it starts. */
  void scanRequestsAfter(IStateMachine scanVpc) {
    if (registrations != null) {
      registrations.scanRequestRule().addDependency((CfnResource) scanVpc.getNode().getDefaultChild());
    }
  }

  /**
   * EC2 and ECS state changes carry no VPC id, so one cluster-level rule feeds the router, which
   * finds the VPC and subnet and asks for a reconcile of just that subnet.
   */
  Rule routeStateChanges(StateChangePattern pattern, IStateMachine router, IRole eventsRole) {
    Rule rule = Rule.Builder.create(this, "StateChangeRule")
        .ruleName(Names.stateChangeRule(cluster))
        .description("EC2 instance and ECS task state changes and EC2 API calls (CloudTrail) for Mirrorflow cluster " + cluster)
        .eventPattern(pattern.toEventPattern())
        .targets(
            List.of(
                new SfnStateMachine(
                    router,
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
    stateChangeRule = rule;
    return rule;
  }

  private Queue createDeadLetterQueue(ClusterArns arns) {
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
            .conditions(Map.of("ArnLike", Map.of("aws:SourceArn", arns.ownedRules())))
            .build());
    return queue;
  }
}
