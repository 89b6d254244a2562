package dev.mirrorflow.activities.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClientTokensTest {
  static final Instant T = Instant.parse("2026-11-21T12:10:00Z");

  static NewSession session(String eni, int number) {
    return new NewSession("blue", "vpc-00000000000000001", "subnet-00000000000000001", eni,
        "tmt-0000000000000000a", "tmf-0000000000000000a", number, 4242, null, null);
  }

  @Test
  void forSession_whenSameInputsInOnePlan_givesSameShortAsciiToken() {
    String plan = ClientTokens.newPlanId(T);
    String first = ClientTokens.forSession(session("eni-0000000000000000a", 1), plan);
    String again = ClientTokens.forSession(session("eni-0000000000000000a", 1), plan);

    assertThat(first).isEqualTo(again);
    assertThat(first.length()).isLessThanOrEqualTo(ClientTokens.MAX_LENGTH);
    assertThat(first.chars()).allMatch(c -> c > 32 && c < 127);
  }

  @Test
  void forSession_whenEniParametersOrPlanDiffer_givesAnotherToken() {
    String plan = ClientTokens.newPlanId(T);
    String base = ClientTokens.forSession(session("eni-0000000000000000a", 1), plan);

    assertThat(ClientTokens.forSession(session("eni-0000000000000000b", 1), plan)).isNotEqualTo(base);
    assertThat(ClientTokens.forSession(session("eni-0000000000000000a", 2), plan)).isNotEqualTo(base);
    // Two plans in the same second: a token never brings back the session of another plan (issue 11, item 8).
    assertThat(ClientTokens.forSession(session("eni-0000000000000000a", 1), ClientTokens.newPlanId(T)))
        .isNotEqualTo(base);
  }
}
