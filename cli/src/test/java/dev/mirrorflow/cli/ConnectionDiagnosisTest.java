package dev.mirrorflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why a command could not talk to AWS, in one line: no credentials, refused, or TLS to plain HTTP (issue 12). */
class ConnectionDiagnosisTest {

  static void assertOneLine(LocalCli.Result r) {
    assertThat(r.code()).as("%s", r).isEqualTo(Mirrorflow.EXIT_BAD_INPUT);
    assertThat(r.err().strip()).as("one line").doesNotContain("\n").hasSizeLessThan(400);
  }

  @Test
  void anyCommand_whenHttpsPointsAtAPlainHttpPort_failsAtOnceSayingToUseHttp() {
    try (LocalCli cli = new LocalCli(1)) {
      String https = cli.cloud.endpoint().toString().replace("http://", "https://");

      LocalCli.Result r = LocalCli.runRaw("--endpoint-url", https, "--cluster", LocalCli.CLUSTER, "status");

      assertOneLine(r);
      assertThat(r.err()).contains("cannot reach AWS at " + https, "use http://");
    }
  }

  @Test
  void anyCommand_whenTheEndpointRefuses_saysSoInOneLine() {
    String endpoint;
    try (LocalCli cli = new LocalCli(1)) {
      endpoint = cli.cloud.endpoint().toString();
    }

    LocalCli.Result r = LocalCli.runRaw("--endpoint-url", endpoint, "status");

    assertOneLine(r);
    assertThat(r.err()).contains("cannot reach AWS at " + endpoint, "connection refused", "mirrorflow local");
  }

  @Test
  void anyCommand_whenNoCredentialsAgainstAws_saysNoCredentialsInOneLine() {
    assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
        && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null, "this environment has credentials");
    Map<String, String> isolated = Map.of(
        "aws.sharedCredentialsFile", "/nonexistent/mirrorflow-credentials",
        "aws.configFile", "/nonexistent/mirrorflow-config",
        "aws.disableEc2Metadata", "true");
    isolated.forEach(System::setProperty);
    try {
      // A non-loopback endpoint: the CLI uses the credential chain (and fails before connecting).
      LocalCli.Result r = LocalCli.runRaw("--endpoint-url", "http://192.0.2.1:4566", "status");

      assertOneLine(r);
      assertThat(r.err()).contains("no AWS credentials found").doesNotContain("cannot reach");
    } finally {
      isolated.keySet().forEach(System::clearProperty);
    }
  }
}
