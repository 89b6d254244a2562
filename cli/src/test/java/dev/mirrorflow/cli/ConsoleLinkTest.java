package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** On AWS, links to executions are the Step Functions console's, in the command's region. */
class ConsoleLinkTest {
  static final String ARN = "arn:aws:states:eu-west-1:123456789012:execution:mirrorflow-t-remove-vpc:vpc-1-remove-vpc-1";

  Cloud aws() {
    Mirrorflow options = new Mirrorflow();
    options.region = "eu-west-1";
    options.cluster = "t";
    return new Cloud(options);
  }

  @Test
  void executionLink_onAws_isTheConsolePageOfTheExecutionInTheRegion() {
    try (Cloud cloud = aws()) {
      assertThat(cloud.executionLink(ARN)).isEqualTo(
          "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/" + ARN);
    }
  }

  @Test
  void ctrlCNotice_saysTheExecutionGoesOnAndHowToFollowIt() {
    RemoveVpcCommand command = new RemoveVpcCommand();
    command.vpcId = "vpc-0123456789abcdef0";
    try (Cloud cloud = aws()) {
      String notice = command.interruptedNotice(cloud, "vpc-1-remove-vpc-1", ARN);

      assertThat(notice).contains("stopped following remove-vpc vpc-0123456789abcdef0", "goes on",
          "Ctrl-C does not stop it", "mirrorflow executions vpc-0123456789abcdef0", "console.aws.amazon.com");
    }
  }
}
