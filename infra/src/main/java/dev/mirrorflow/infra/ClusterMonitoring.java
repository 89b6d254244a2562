package dev.mirrorflow.infra;

import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
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
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * What needs a person, and what shows how the cluster does: an encrypted alarm topic (with the
 * settings' e-mail subscribed), alarms on failed and timed-out executions, on the reconciles' failed
 * subnets and permanent refusals and on dead letters, and a dashboard of the steps' metrics per VPC.
 */
final class ClusterMonitoring extends ClusterRoom {
  private final String cluster;
  private final Topic alarmTopic;
  private final SnsAction notify;

  ClusterMonitoring(Construct scope, String id, ClusterSettings settings) {
    super(scope, id);
    this.cluster = settings.cluster();
    alarmTopic = createAlarmTopic(settings.alarmEmail());
    notify = new SnsAction(alarmTopic);
  }

  /** The topic every alarm of the cluster publishes to. */
  Topic alarmTopic() {
    return alarmTopic;
  }

  /** The SEARCH expression of one EMF metric, one line per VPC of this cluster. */
  static String vpcSearch(String cluster, String metric) {
    return "SEARCH('{" + EmbeddedMetrics.NAMESPACE + ",Cluster,VpcId} MetricName=\"" + metric + "\" Cluster=\""
        + cluster + "\"', 'Sum', 300)";
  }

  private Topic createAlarmTopic(Optional<String> email) {
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
    email.ifPresent(address -> topic.addSubscription(new EmailSubscription(address)));
    return topic;
  }

  /** Alarms on the state machines' failures and time-outs, the reconciles' reports and the dead letters. */
  void alarms(Map<String, StateMachine> stateMachines, IQueue deadLetterQueue) {
    MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    for (Map.Entry<String, StateMachine> entry : stateMachines.entrySet()) {
      String pascal = Names.pascalCase(entry.getKey());
      String name = Names.stateMachine(cluster, entry.getKey());
      alarm(pascal + "FailedAlarm", name + "-failed", entry.getValue().metricFailed(fiveMinutes),
          "Executions of " + name + " failed");
      alarm(pascal + "TimedOutAlarm", name + "-timed-out", entry.getValue().metricTimedOut(fiveMinutes),
          "Executions of " + name + " timed out");
    }
    // No alarm on a function's Errors: a throttled batch fails its invocation and the workflow's
    // Retry repeats it, which is expected and needs nobody; what outlasts the retries shows below.
    alarm("SubnetsFailedAlarm", Names.rulePrefix(cluster) + "subnets-failed",
        clusterMetric(EmbeddedMetrics.SUBNETS_FAILED),
        "Reconciles of cluster " + cluster + " reported subnets failed (after the workflow's retries): see the "
            + "failedSubnets of the reconcile's output");
    alarm("PermanentRefusalsAlarm", Names.rulePrefix(cluster) + "permanent-refusals",
        clusterMetric(EmbeddedMetrics.PERMANENT_REFUSALS),
        "EC2 refused sessions of cluster " + cluster + " for a reason that will not pass by itself (a quota, a "
            + "permission, a missing target): see the 'failed' counts of the reconcile's output");
    alarm("DeadLettersAlarm", Names.deadLetterQueue(cluster) + "-not-empty",
        deadLetterQueue.metricApproximateNumberOfMessagesVisible(
            MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()),
        "Events that no rule target of cluster " + cluster + " accepted are waiting in "
            + Names.deadLetterQueue(cluster));
  }

  /** The tamper alarm: a registration changed by anyone but the workflows' role. */
  RegistrationChangeAlarm alarmOnRegistrationChanges(String scheduleGroup, IRole workflowsRole, IQueue deadLetterQueue) {
    return new RegistrationChangeAlarm(this, "RegistrationChangeAlarm", cluster, scheduleGroup, workflowsRole,
        alarmTopic, deadLetterQueue);
  }

  /** The dashboard: the steps' metrics per VPC, failed and timed-out executions, the steps' errors. */
  void dashboard(Map<String, StateMachine> stateMachines, Collection<Function> functions) {
    Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(Names.dashboard(cluster)).build();
    List<GraphWidget> perVpc = new ArrayList<>();
    for (String metric : List.of(EmbeddedMetrics.SESSIONS_CREATED, EmbeddedMetrics.SESSIONS_DELETED,
        EmbeddedMetrics.ENIS_SKIPPED, EmbeddedMetrics.SESSION_FAILURES)) {
      perVpc.add(
          GraphWidget.Builder.create()
              .title(metric + " per VPC")
              .width(12)
              .left(List.of(
                  MathExpression.Builder.create()
                      // SEARCH, not fixed metrics: a VPC registered after the deploy appears by itself.
                      .expression(vpcSearch(cluster, metric))
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
    functions.forEach(fn -> errors.add(fn.metricErrors()));
    dashboard.addWidgets(
        GraphWidget.Builder.create().title("Failed and timed-out executions").width(12).left(executions).build(),
        GraphWidget.Builder.create().title("Lambda step errors").width(12).left(errors).build());
  }

  /** A metric the Summarize step emits per cluster (EMF, dimension Cluster alone), summed over 5 minutes. */
  private IMetric clusterMetric(String name) {
    return Metric.Builder.create()
        .namespace(EmbeddedMetrics.NAMESPACE)
        .metricName(name)
        .dimensionsMap(Map.of("Cluster", cluster))
        .statistic("Sum")
        .period(Duration.minutes(5))
        .build();
  }

  private void alarm(String id, String name, IMetric metric, String description) {
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
}
