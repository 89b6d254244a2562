package dev.mirrorflow.local.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.LocalCloud;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE = "arn:aws:iam::000000000000:role/scheduler";
  private static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:nothing";
  LocalCloud cloud;

  @BeforeAll
  void start() {
    assumeTrue(awsCliAvailable(), "the AWS CLI (aws) is not on the PATH: pip install awscli to run this test");
    cloud = LocalCloud.create(0).start();
  }

  @AfterAll
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  record Result(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  Result aws(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", cloud.endpoint().toString(),
        "--output", "json", "scheduler"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", "x");
    env.put("AWS_SECRET_ACCESS_KEY", "x");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_PAGER", "");
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("aws exits").isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
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

  private static boolean awsCliAvailable() {
    try {
      Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
