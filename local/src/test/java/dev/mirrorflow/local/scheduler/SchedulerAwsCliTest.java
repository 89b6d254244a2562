package dev.mirrorflow.local.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mirrorflow.local.AwsCli;
import dev.mirrorflow.local.AwsCli.Result;
import dev.mirrorflow.local.LocalCloud;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The official AWS CLI ({@code aws scheduler ... --endpoint-url}) against the local Scheduler, for
 * every operation the product uses. Skipped, saying so, where no {@code aws} is on the PATH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerAwsCliTest {
  private static final String ROLE = "arn:aws:iam::000000000000:role/scheduler";
  private static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:nothing";
  LocalCloud cloud;

  @BeforeAll
  void start() {
    assumeTrue(AwsCli.available(), "the AWS CLI (aws) is not on the PATH: pip install awscli to run this test");
    cloud = LocalCloud.create(0).start();
  }

  @AfterAll
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  Result aws(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("scheduler"));
    command.addAll(List.of(args));
    return AwsCli.run(cloud.endpoint(), "x", command.toArray(String[]::new));
  }

  @Test
  void awsCli_managesGroupsAndSchedules() throws Exception {
    Result group = aws("create-schedule-group", "--name", "cli-group");
    assertThat(group.exit()).as(group.err()).isZero();
    assertThat(group.json().path("ScheduleGroupArn").asText()).endsWith(":schedule-group/cli-group");

    Result created = aws("create-schedule", "--group-name", "cli-group", "--name", "vpc-0123456789abcdef0",
        "--schedule-expression", "rate(1 minute)", "--state", "DISABLED",
        "--flexible-time-window", "{\"Mode\":\"OFF\"}",
        "--target", "{\"Arn\":\"" + MACHINE + "\",\"RoleArn\":\"" + ROLE + "\",\"Input\":\"{\\\"vpcId\\\":\\\"vpc-0123456789abcdef0\\\"}\"}");
    assertThat(created.exit()).as(created.err()).isZero();

    Result got = aws("get-schedule", "--group-name", "cli-group", "--name", "vpc-0123456789abcdef0");
    assertThat(got.exit()).as(got.err()).isZero();
    assertThat(got.json().path("State").asText()).isEqualTo("DISABLED");
    assertThat(got.json().path("Target").path("Input").asText()).isEqualTo("{\"vpcId\":\"vpc-0123456789abcdef0\"}");

    Result updated = aws("update-schedule", "--group-name", "cli-group", "--name", "vpc-0123456789abcdef0",
        "--schedule-expression", "cron(0/5 * * * ? *)", "--state", "DISABLED",
        "--flexible-time-window", "{\"Mode\":\"FLEXIBLE\",\"MaximumWindowInMinutes\":5}",
        "--target", "{\"Arn\":\"" + MACHINE + "\",\"RoleArn\":\"" + ROLE + "\"}");
    assertThat(updated.exit()).as(updated.err()).isZero();

    Result listed = aws("list-schedules", "--group-name", "cli-group");
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.json().path("Schedules").get(0).path("Name").asText()).isEqualTo("vpc-0123456789abcdef0");
    Result groups = aws("list-schedule-groups", "--name-prefix", "cli");
    assertThat(groups.json().path("ScheduleGroups").get(0).path("Name").asText()).isEqualTo("cli-group");
    assertThat(aws("get-schedule-group", "--name", "cli-group").json().path("State").asText()).isEqualTo("ACTIVE");

    Result conflict = aws("create-schedule-group", "--name", "cli-group");
    assertThat(conflict.exit()).isNotZero();
    assertThat(conflict.err()).contains("ConflictException");

    assertThat(aws("delete-schedule", "--group-name", "cli-group", "--name", "vpc-0123456789abcdef0").exit()).isZero();
    Result missing = aws("get-schedule", "--group-name", "cli-group", "--name", "vpc-0123456789abcdef0");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("ResourceNotFoundException");
    assertThat(aws("delete-schedule-group", "--name", "cli-group").exit()).isZero();
  }

  @Test
  void awsCli_invalidName_isValidationException() throws Exception {
    Result bad = aws("create-schedule", "--name", "n".repeat(65), "--schedule-expression", "rate(1 minute)",
        "--flexible-time-window", "{\"Mode\":\"OFF\"}",
        "--target", "{\"Arn\":\"" + MACHINE + "\",\"RoleArn\":\"" + ROLE + "\"}");
    assertThat(bad.exit()).isNotZero();
    // The CLI checks lengths itself before sending (botocore's parameter validation), or the service answers.
    assertThat(bad.err()).containsAnyOf("ValidationException", "Invalid length");
  }
}
