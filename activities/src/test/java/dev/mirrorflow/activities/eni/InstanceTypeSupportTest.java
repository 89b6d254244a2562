package dev.mirrorflow.activities.eni;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceTypeSupportTest {

  // From "Understand traffic mirror session concepts" (VPC Traffic Mirroring guide), section "Instance types".
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      // families the page names as not available (including the 8th generation Graviton it added)
      "m6i.large, UNSUPPORTED", "m7i.large, UNSUPPORTED", "m7i-flex.large, UNSUPPORTED", "c7i.xlarge, UNSUPPORTED",
      "c7g.medium, UNSUPPORTED", "r6idn.4xlarge, UNSUPPORTED", "r7iz.large, UNSUPPORTED", "x2iezn.2xlarge, UNSUPPORTED",
      "i4i.large, UNSUPPORTED", "p5.48xlarge, UNSUPPORTED", "trn1n.32xlarge, UNSUPPORTED", "inf2.xlarge, UNSUPPORTED",
      "hpc7g.4xlarge, UNSUPPORTED", "hpc6a.48xlarge, UNSUPPORTED", "m8g.large, UNSUPPORTED", "x8g.large, UNSUPPORTED",
      // bare metal
      "m5.metal, UNSUPPORTED", "i3.metal, UNSUPPORTED", "c5.metal-48xl, UNSUPPORTED",
      // non-Nitro: only the listed families
      "c4.xlarge, SUPPORTED", "m4.large, SUPPORTED", "i3.2xlarge, SUPPORTED", "x1e.xlarge, SUPPORTED", "g3s.xlarge, SUPPORTED",
      "t2.micro, UNSUPPORTED", "m3.medium, UNSUPPORTED", "c3.large, UNSUPPORTED",
      // not named either way: a try
      "m5.large, UNKNOWN", "c5n.18xlarge, UNKNOWN", "r5.xlarge, UNKNOWN", "t3.micro, UNKNOWN", "m8i.large, UNKNOWN",
      "q9.large, UNKNOWN",
      // case does not matter
      "M6I.LARGE, UNSUPPORTED"})
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
