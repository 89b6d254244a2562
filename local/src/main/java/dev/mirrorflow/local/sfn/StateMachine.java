package dev.mirrorflow.local.sfn;

import java.time.Instant;

/**
 * One state machine of the local Step Functions.
 *
 * @param arn {@code arn:aws:states:REGION:ACCOUNT:stateMachine:NAME}
 * @param name its name
 * @param definition the ASL definition as given
 * @param roleArn the role it would run as on AWS (not checked locally)
 * @param type Standard or Express
 * @param creationDate when it was created
 * @param updateDate when its definition or role last changed, or null
 */
public record StateMachine(
    String arn,
    String name,
    String definition,
    String roleArn,
    StateMachineType type,
    Instant creationDate,
    Instant updateDate) {}
