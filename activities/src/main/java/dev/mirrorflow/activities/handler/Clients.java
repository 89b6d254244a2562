package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.SdkEc2Mirroring;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.scan.RunningReconciles;
import dev.mirrorflow.activities.scan.SfnRunningReconciles;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The real collaborators of the steps, built from an environment. */
final class Clients {
  private Clients() {}

  static Ec2Mirroring ec2(Environment env) {
    return new SdkEc2Mirroring(AwsClients.ec2(env));
  }

  /** The EC2 adapter of each account: the hub's own, and members' through the member role. */
  static Ec2Accounts<Ec2Mirroring> ec2Accounts(Environment env) {
    return Ec2Accounts.of(ec2(env), env.variable(AwsClients.HUB_ACCOUNT_VARIABLE, null),
        account -> new SdkEc2Mirroring(AwsClients.ec2(env, account)));
  }

  static VpcRegistry registry(Environment env) {
    return schedulerRegistry(env);
  }

  static SchedulerVpcRegistry schedulerRegistry(Environment env) {
    return new SchedulerVpcRegistry(AwsClients.scheduler(env));
  }

  /** Step Functions tried once: the state machine retries the step. */
  static RunningReconciles runningReconciles(Environment env) {
    return new SfnRunningReconciles(AwsClients.configure(SfnClient.builder(), env)
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))).build());
  }
}
