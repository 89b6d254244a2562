package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.plan.PlanVpcRequest;

/**
 * PlanVpc's answer when the reconcile must wait its turn: reconcile-vpc waits {@code waitSeconds}
 * (its Wait state's {@code SecondsPath}) and asks again with {@code request}, its input unchanged.
 *
 * <pre>{@code {"waitFor":"vpc-...-event-subnet-...-880123456","waitSeconds":1,"request":{"cluster","vpcId","subnetIds","execution":{...}}}}</pre>
 *
 * @param waitFor the earlier running reconcile of the VPC it waits for
 * @param waitSeconds how long to wait before asking again ({@link ReconcileTurns#nextCheck})
 * @param request the PlanVpc request to ask again with
 */
public record TurnWait(String waitFor, long waitSeconds, PlanVpcRequest request) {}
