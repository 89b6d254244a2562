package dev.mirrorflow.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.ec2.Ec2Knobs.Fault;
import dev.mirrorflow.local.ec2.Ec2Service;
import dev.mirrorflow.local.http.LocalRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probabilistic fault knob: about the share asked for, the same calls for the same seed. */
class RandomFaultsTest {

  static List<Integer> statuses(long seed) {
    try (LocalCloud cloud = LocalCloud.create(0).start()) {
      Ec2Service ec2 = cloud.ec2();
      ec2.knobs().failRandomly(0.3, Fault.error("RequestLimitExceeded"), seed);
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        out.add(ec2.handle(new LocalRequest("POST", "/", "",
            java.util.Map.of("content-type", List.of("application/x-www-form-urlencoded")),
            "Action=DescribeVpcs&Version=2016-11-15".getBytes(java.nio.charset.StandardCharsets.UTF_8))).status());
      }
      return out;
    }
  }

  @Test
  void failRandomly_whenThirtyPercent_throttlesAboutThatShareAndRepeatsForTheSameSeed() {
    List<Integer> first = statuses(7);

    long throttled = first.stream().filter(s -> s == 503).count();
    assertThat(throttled).isBetween(80L, 160L);
    assertThat(first).containsOnly(200, 503);
    assertThat(statuses(7)).isEqualTo(first);
    assertThat(statuses(8)).isNotEqualTo(first);
  }
}
