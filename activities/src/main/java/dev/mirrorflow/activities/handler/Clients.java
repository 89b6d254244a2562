package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
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

  static VpcRegistry registry(Environment env) {
    return schedulerRegistry(env);
  }

  static SchedulerVpcRegistry schedulerRegistry(Environment env) {
    return new SchedulerVpcRegistry(AwsClients.scheduler(env));
  }
}
