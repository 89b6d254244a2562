package dev.mirrorflow.local.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.local.AwsCli;
import dev.mirrorflow.local.AwsCli.Result;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.deploy.MemberDeployment;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official AWS CLI ({@code aws sts ... --endpoint-url}) against the local STS. Skipped where no {@code aws} is on the PATH. */
class StsAwsCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  LocalCloud cloud;

  @BeforeEach
  void start() {
    assumeTrue(AwsCli.available(), "the AWS CLI (aws) is not on the PATH: pip install awscli to run this test");
    cloud = LocalCloud.create(0).start();
  }

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  Result aws(String accessKey, String... args) throws Exception {
    return AwsCli.run(cloud.endpoint(), accessKey, args);
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
}
