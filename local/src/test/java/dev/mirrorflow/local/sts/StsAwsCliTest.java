package dev.mirrorflow.local.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.deploy.MemberDeployment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official AWS CLI ({@code aws sts ... --endpoint-url}) against the local STS. Skipped where no {@code aws} is on the PATH. */
class StsAwsCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  LocalCloud cloud;

  @BeforeEach
  void start() {
    assumeTrue(awsCliAvailable(), "the AWS CLI (aws) is not on the PATH: pip install awscli to run this test");
    cloud = LocalCloud.create(0).start();
  }

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  record Result(int exit, String out, String err) {}

  Result aws(String accessKey, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", cloud.endpoint().toString(), "--output", "json"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", accessKey);
    env.put("AWS_SECRET_ACCESS_KEY", "x");
    env.remove("AWS_SESSION_TOKEN");
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
  void awsCli_assumesTheMemberRoleAndActsInItsAccount() throws Exception {
    cloud.deployMember("222222222222", "blue", LocalCloud.stateMachinesDirectory());
    Role step = cloud.accounts().putRole(LocalCloud.ACCOUNT_ID,
        ClusterNames.role("blue", null, ClusterNames.ACTIVITIES_ROLE), Set.of("lambda.amazonaws.com"));
    String stepKey = cloud.accounts().sessionKey(step, "cli");

    Result assumed = aws(stepKey, "sts", "assume-role", "--role-arn", MemberDeployment.memberRoleArn("blue", "222222222222"),
        "--role-session-name", "cli-session");
    assertThat(assumed.exit()).as(assumed.err()).isZero();
    JsonNode credentials = JSON.readTree(assumed.out()).path("Credentials");

    Result identity = aws(credentials.path("AccessKeyId").asText(), "sts", "get-caller-identity");
    assertThat(identity.exit()).as(identity.err()).isZero();
    assertThat(JSON.readTree(identity.out()).path("Account").asText()).isEqualTo("222222222222");

    Result denied = aws("x", "sts", "assume-role", "--role-arn", MemberDeployment.memberRoleArn("blue", "222222222222"),
        "--role-session-name", "cli-session");
    assertThat(denied.exit()).isNotZero();
    assertThat(denied.err()).contains("AccessDenied");
  }

  static boolean awsCliAvailable() {
    try {
      Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
