package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.DescribeBudget;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.SdkEc2Mirroring;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.registry.VpcRegistry;
import dev.mirrorflow.activities.scan.RunningReconciles;
import dev.mirrorflow.activities.scan.SfnRunningReconciles;
import java.time.Clock;

/** The real collaborators of the steps, built from an environment. */
final class Clients {
  private Clients() {}

  static Ec2Mirroring ec2(Environment env) {
    return ec2(env, Clock.systemUTC());
  }

  /**
   * The hub's EC2 adapter, its describes within the function's {@link DescribeBudget} (EC2 throttles
   * each account apart, so every account's adapter has its own).
   */
  static SdkEc2Mirroring ec2(Environment env, Clock clock) {
    return new SdkEc2Mirroring(AwsClients.ec2(env), DescribeBudget.fromEnvironment(env, clock));
  }

  /** A member account's EC2 adapter, through the member role, with its own describe budget. */
  static SdkEc2Mirroring ec2(Environment env, String account, Clock clock) {
    return new SdkEc2Mirroring(AwsClients.ec2(env, account), DescribeBudget.fromEnvironment(env, clock));
  }

  /** The EC2 adapter of each account: the hub's own, and members' through the member role. */
  static Ec2Accounts<Ec2Mirroring> ec2Accounts(Environment env) {
    return Ec2Accounts.of(ec2(env), env.variable(AwsClients.HUB_ACCOUNT_VARIABLE, null),
        account -> ec2(env, account, Clock.systemUTC()));
  }

  static VpcRegistry registry(Environment env) {
    return schedulerRegistry(env);
  }

  static SchedulerVpcRegistry schedulerRegistry(Environment env) {
    return new SchedulerVpcRegistry(AwsClients.scheduler(env));
  }

  /** Step Functions tried once: the state machine retries the step. */
  static RunningReconciles runningReconciles(Environment env) {
    return new SfnRunningReconciles(AwsClients.stepFunctions(env));
  }
}
