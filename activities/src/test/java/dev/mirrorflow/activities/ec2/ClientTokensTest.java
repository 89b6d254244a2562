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
  void forSession_whenSameInputsInSameMinute_givesSameShortAsciiToken() {
    String first = ClientTokens.forSession(session("eni-0000000000000000a", 1), T);
    String again = ClientTokens.forSession(session("eni-0000000000000000a", 1), T.plusSeconds(40));

    assertThat(first).isEqualTo(again);
    assertThat(first.length()).isLessThanOrEqualTo(ClientTokens.MAX_LENGTH);
    assertThat(first.chars()).allMatch(c -> c > 32 && c < 127);
  }

  @Test
  void forSession_whenEniParametersOrMinuteDiffer_givesAnotherToken() {
    String base = ClientTokens.forSession(session("eni-0000000000000000a", 1), T);

    assertThat(ClientTokens.forSession(session("eni-0000000000000000b", 1), T)).isNotEqualTo(base);
    assertThat(ClientTokens.forSession(session("eni-0000000000000000a", 2), T)).isNotEqualTo(base);
    assertThat(ClientTokens.forSession(session("eni-0000000000000000a", 1), T.plusSeconds(60))).isNotEqualTo(base);
  }
}
