package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientTokensTest {
  private final ClientTokens tokens = new ClientTokens();
  private final AtomicInteger created = new AtomicInteger();

  private String create() {
    return "tms-" + created.incrementAndGet();
  }

  @Test
  void once_whenSameTokenAndParametersBesidesVersionAndDryRun_answersTheFirstResult() {
    String first = tokens.once("CreateTrafficMirrorSession", "t1", Map.of("SessionNumber", "1", "Version", "a"), this::create);
    String again = tokens.once("CreateTrafficMirrorSession", "t1",
        Map.of("SessionNumber", "1", "Version", "b", "DryRun", "false"), this::create);

    assertThat(again).isEqualTo(first);
    assertThat(created).hasValue(1);
  }

  @Test
  void once_whenSameTokenWithOtherParametersOrAction_failsIdempotentParameterMismatch() {
    tokens.once("CreateTrafficMirrorSession", "t1", Map.of("SessionNumber", "1"), this::create);

    assertThatThrownBy(() -> tokens.once("CreateTrafficMirrorSession", "t1", Map.of("SessionNumber", "2"), this::create))
        .isInstanceOfSatisfying(LocalEc2Exception.class, e -> assertThat(e.code()).isEqualTo("IdempotentParameterMismatch"));
    assertThatThrownBy(() -> tokens.once("CreateTrafficMirrorFilter", "t1", Map.of("SessionNumber", "1"), this::create))
        .isInstanceOfSatisfying(LocalEc2Exception.class, e -> assertThat(e.code()).isEqualTo("IdempotentParameterMismatch"));
    assertThat(created).hasValue(1);
  }

  @Test
  void clear_whenTokenRemembered_createsAnewAfterwards() {
    tokens.once("CreateTrafficMirrorSession", "t1", Map.of(), this::create);
    tokens.clear();

    assertThat(tokens.<String>once("CreateTrafficMirrorSession", "t1", Map.of(), this::create)).isEqualTo("tms-2");
  }
}
