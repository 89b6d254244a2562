package dev.mirrorflow.activities.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;

/**
 * Output of the ValidateVpcRequest step: everything the workflow's EventBridge calls need, already
 * rendered (Step Functions cannot build JSON text from JSON on its own without intrinsics gymnastics).
 *
 * <pre>{@code
 * {"cluster","vpcId","action","config":{...}?,"changed":true,"scheduleRule":"mirrorflow-<c>-<vpc>-schedule",
 *  "scanRule":"mirrorflow-<c>-<vpc>-scan","registrationInput":"{\"cluster\":...}"?,
 *  "scanInput":"{\"cluster\":...,\"vpcId\":...}"?,"scanPattern":"{\"source\":[\"mirrorflow\"],...}"?,"deleted":0,"attempts":0}
 * }</pre>
 *
 * @param cluster the cluster
 * @param vpcId the VPC
 * @param action add or remove
 * @param config add: the full config to register (defaults applied); remove: null
 * @param changed add: whether the registration differs from what is registered (or is not active)
 * @param scheduleRule the VPC's schedule rule (default bus)
 * @param scanRule the VPC's scan-request rule (cluster bus)
 * @param registrationInput add: the schedule target's constant Input, a {@code VpcRegistration}
 * @param scanInput add: the scan-request target's constant Input
 * @param scanPattern add: the scan-request rule's event pattern
 * @param deleted remove: sessions deleted so far (0), summed by the workflow's purge loop
 * @param attempts remove: purges done so far (0), bounded by the workflow
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidatedVpcRequest(
    String cluster,
    String vpcId,
    String action,
    VpcMirroringConfig config,
    boolean changed,
    String scheduleRule,
    String scanRule,
    String registrationInput,
    String scanInput,
    String scanPattern,
    int deleted,
    int attempts) {}
