package dev.mirrorflow.activities.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;

/**
 * Output of the ValidateVpcRequest step: everything the workflow's EventBridge Scheduler calls need,
 * already rendered (Step Functions cannot build JSON text from JSON on its own without intrinsics
 * gymnastics).
 *
 * <pre>{@code
 * {"cluster","vpcId","action","config":{...}?,"changed":true,"scheduleGroup":"mirrorflow-<c>",
 *  "scheduleName":"<vpcId>","registrationInput":"{\"cluster\":...}"?,
 *  "scheduleDescription":"... registration sha256:<hex>"?,"deleted":0,"attempts":0}
 * }</pre>
 *
 * @param cluster the cluster
 * @param vpcId the VPC
 * @param action add or remove
 * @param config add: the full config to register (defaults applied); remove: null
 * @param changed add: whether the registration differs from what is registered (or is not active)
 * @param scheduleGroup the cluster's schedule group
 * @param scheduleName the VPC's schedule in it
 * @param registrationInput add: the schedule target's Input, a {@code VpcRegistration}
 * @param scheduleDescription add: the schedule's Description, carrying the registration's digest
 *     ({@link dev.mirrorflow.activities.registry.RegistrationDigest})
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
    String scheduleGroup,
    String scheduleName,
    String registrationInput,
    String scheduleDescription,
    int deleted,
    int attempts) {}
