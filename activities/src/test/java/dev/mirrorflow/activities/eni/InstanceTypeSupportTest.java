package dev.mirrorflow.activities.eni;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceTypeSupportTest {

  @ParameterizedTest(name = "{0} unsupported={1}")
  @CsvSource({
      "m5.large, false", "c5n.18xlarge, false", "r5.xlarge, false", "t3.micro, false", "m4.large, false",
      "c4.xlarge, false", "i3.2xlarge, false", "x1e.xlarge, false",
      "m6i.large, true", "m7i-flex.large, true", "c7g.medium, true", "r6idn.4xlarge, true", "x2iezn.2xlarge, true",
      "i4i.large, true", "p5.48xlarge, true", "hpc7g.4xlarge, true", "trn1n.32xlarge, true",
      "m5.metal, true", "i3.metal, true", "c5.metal-48xl, true",
      "t2.micro, true", "m3.medium, true", "c3.large, true",
      "M6I.LARGE, true", "q9.large, false"})
  void knownUnsupported_whenDocumentedType_matchesAwsDocumentation(String type, boolean unsupported) {
    assertThat(InstanceTypeSupport.knownUnsupported(type)).isEqualTo(unsupported);
  }
}
