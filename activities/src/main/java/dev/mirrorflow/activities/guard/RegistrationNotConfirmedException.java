package dev.mirrorflow.activities.guard;

import dev.mirrorflow.activities.registry.VpcRegistration;

/**
 * The VPC's registration differs from what add-vpc last wrote (its schedule was changed behind
 * add-vpc's back): no reconcile acts on it, nothing was created or deleted. Look at who changed it
 * (the cluster's tamper alarm, CloudTrail), then run add-vpc to confirm the config you want.
 */
public class RegistrationNotConfirmedException extends RuntimeException {
  public RegistrationNotConfirmedException(String cluster, String vpcId) {
    super("the registration of " + vpcId + " (schedule " + VpcRegistration.scheduleOf(cluster, vpcId)
        + ") was changed outside add-vpc: its configuration no longer matches the digest add-vpc wrote, so nothing"
        + " is reconciled; check who changed it, then run `mirrorflow add-vpc " + vpcId + "` to confirm a config");
  }
}
