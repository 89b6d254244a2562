package dev.mirrorflow.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.events.targets.SnsTopicProps;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The tamper alarm: a rule on the default bus for EventBridge Scheduler's CreateSchedule,
 * UpdateSchedule and DeleteSchedule on the cluster's schedule group (the registrations), as
 * CloudTrail delivers them ("AWS API Call via CloudTrail", source {@code aws.scheduler}), made by
 * anyone but the role of the cluster's workflows (add-vpc and remove-vpc write registrations through
 * it). Each match goes to the cluster's alarm topic saying who changed what, when and from where.
 *
 * <p>CloudTrail delivers management events to EventBridge only where a trail records them; without
 * one, this rule never fires (infra/README.md).
 */
public final class RegistrationChangeAlarm extends Construct {
  /** The Scheduler calls that change a registration. */
  public static final List<String> CHANGES = List.of("CreateSchedule", "UpdateSchedule", "DeleteSchedule");

  private final Rule rule;

  public RegistrationChangeAlarm(Construct scope, String id, String cluster, String scheduleGroup,
      IRole workflowsRole, ITopic alarmTopic, IQueue deadLetterQueue) {
    super(scope, id);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("eventSource", List.of("scheduler.amazonaws.com"));
    detail.put("eventName", CHANGES);
    detail.put("requestParameters", Map.of("groupName", List.of(scheduleGroup)));
    // Not the workflows' role: an IAM user or root (no session issuer), or any other role's session.
    detail.put("$or", List.of(
        Map.of("userIdentity", Map.of("type", List.of(Map.of("anything-but", List.of("AssumedRole"))))),
        Map.of("userIdentity", Map.of("sessionContext", Map.of("sessionIssuer",
            Map.of("arn", List.of(Map.of("anything-but", List.of(workflowsRole.getRoleArn())))))))));
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("alarm", "A registration of Mirrorflow cluster " + cluster + " was changed outside add-vpc and "
        + "remove-vpc: the reconcile refuses it until add-vpc confirms a config (mirrorflow status flags it)");
    message.put("who", EventField.fromPath("$.detail.userIdentity.arn"));
    message.put("what", EventField.fromPath("$.detail.eventName"));
    message.put("scheduleGroup", EventField.fromPath("$.detail.requestParameters.groupName"));
    message.put("schedule", EventField.fromPath("$.detail.requestParameters.name"));
    message.put("when", EventField.fromPath("$.detail.eventTime"));
    message.put("sourceIp", EventField.fromPath("$.detail.sourceIPAddress"));
    message.put("account", EventField.fromPath("$.account"));
    message.put("region", EventField.fromPath("$.region"));
    rule = Rule.Builder.create(this, "Rule")
        .ruleName(Names.rulePrefix(cluster) + "registration-changes")
        .description("Changes to the registrations (schedule group " + scheduleGroup + ") of Mirrorflow cluster "
            + cluster + " not made by its workflows")
        .eventPattern(EventPattern.builder()
            .source(List.of("aws.scheduler"))
            .detailType(List.of("AWS API Call via CloudTrail"))
            .detail(detail)
            .build())
        .targets(List.of(new SnsTopic(alarmTopic, SnsTopicProps.builder()
            .message(RuleTargetInput.fromObject(message))
            .deadLetterQueue(deadLetterQueue)
            .retryAttempts(8)
            .maxEventAge(Duration.hours(1))
            .build())))
        .build();
  }

  /** The rule on the default bus. */
  public Rule rule() {
    return rule;
  }
}
