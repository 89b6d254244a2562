package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.SdkEc2Mirroring;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.VpcRegistry;

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
    return new SchedulerVpcRegistry(AwsClients.scheduler(env));
  }
}
