package dev.mirrorflow.activities.eni;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceTypeSupportTest {

  // From the current "Understand traffic mirror session concepts" (VPC Traffic Mirroring guide), section
  // "Instance types", as DESIGN.md states it. An older copy of the page called the modern families below
  // "not available"; these rows were UNSUPPORTED before and are SUPPORTED now.
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      // virtualized families the page's allowlist names: eligible without a probe
      "m6i.large, SUPPORTED", "m6a.large, SUPPORTED", "m7i.large, SUPPORTED", "m7i-flex.large, SUPPORTED",
      "m7g.medium, SUPPORTED", "c6i.large, SUPPORTED", "c7i.xlarge, SUPPORTED", "c7g.medium, SUPPORTED",
      "r6i.large, SUPPORTED", "r7i.large, SUPPORTED", "r7iz.large, SUPPORTED", "i4i.large, SUPPORTED",
      "x2idn.16xlarge, SUPPORTED", "p5.48xlarge, SUPPORTED", "trn1.32xlarge, SUPPORTED", "inf2.xlarge, SUPPORTED",
      "hpc6a.48xlarge, SUPPORTED",
      // bare metal, even of a listed family
      "m5.metal, UNSUPPORTED", "i3.metal, UNSUPPORTED", "c5.metal-48xl, UNSUPPORTED", "m7i.metal-24xl, UNSUPPORTED",
      // non-Nitro: only the listed families
      "c4.xlarge, SUPPORTED", "m4.large, SUPPORTED", "i3.2xlarge, SUPPORTED", "x1e.xlarge, SUPPORTED", "g3s.xlarge, SUPPORTED",
      "t2.micro, UNSUPPORTED", "m3.medium, UNSUPPORTED", "c3.large, UNSUPPORTED",
      // not named by this list (including families the older copy ruled out): a try, never a skip
      "m5.large, UNKNOWN", "c5n.18xlarge, UNKNOWN", "r5.xlarge, UNKNOWN", "t3.micro, UNKNOWN", "m8i.large, UNKNOWN",
      "m8g.large, UNKNOWN", "x8g.large, UNKNOWN", "hpc7g.4xlarge, UNKNOWN", "trn1n.32xlarge, UNKNOWN", "q9.large, UNKNOWN",
      // case does not matter
      "M6I.LARGE, SUPPORTED", "T2.MICRO, UNSUPPORTED"})
  void verdict_whenTypeOfTable_followsTheDocumentedRule(String type, InstanceTypeSupport.Verdict expected) {
    assertThat(InstanceTypeSupport.verdict(type)).isEqualTo(expected);
    assertThat(InstanceTypeSupport.knownUnsupported(type)).isEqualTo(expected == InstanceTypeSupport.Verdict.UNSUPPORTED);
  }

  @org.junit.jupiter.api.Test
  void verdict_whenTypeUnknownToDescribeInstances_isATry() {
    assertThat(InstanceTypeSupport.verdict(null)).isEqualTo(InstanceTypeSupport.Verdict.UNKNOWN);
    assertThat(InstanceTypeSupport.verdict(" ")).isEqualTo(InstanceTypeSupport.Verdict.UNKNOWN);
  }
}
