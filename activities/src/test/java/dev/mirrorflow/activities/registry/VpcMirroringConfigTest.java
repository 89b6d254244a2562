package dev.mirrorflow.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VpcMirroringConfigTest {
  final ObjectMapper json = new ObjectMapper();

  @Test
  void json_whenOnlyRequiredFields_defaultsSessionNumberAndEmptyPolicies() throws Exception {
    VpcMirroringConfig config = json.readValue(
        "{\"targetId\":\"tmt-0000000000000000a\",\"filterId\":\"tmf-0000000000000000a\"}", VpcMirroringConfig.class);

    assertThat(config.sessionNumber()).isEqualTo(1);
    assertThat(config.virtualNetworkId()).isNull();
    assertThat(config.packetLength()).isNull();
    assertThat(config.includeTags()).isEmpty();
    assertThat(config.excludeTags()).isEmpty();
  }

  @Test
  void json_whenWritten_omitsAbsentOptionalsAndReadsBackEqual() throws Exception {
    VpcMirroringConfig config = VpcMirroringConfig.of("tmt-0000000000000000a", "tmf-0000000000000000a");

    String text = json.writeValueAsString(config);

    assertThat(json.readTree(text).fieldNames()).toIterable()
        .containsExactlyInAnyOrder("targetId", "filterId", "sessionNumber", "includeTags", "excludeTags");
    assertThat(json.readValue(text, VpcMirroringConfig.class)).isEqualTo(config);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"targetId\":\"eni-0000000000000000a\",\"filterId\":\"tmf-0000000000000000a\"}",
      "{\"targetId\":\"tmt-0000000000000000a\"}",
      "{\"targetId\":\"tmt-0000000000000000a\",\"filterId\":\"tmf-0000000000000000a\",\"sessionNumber\":32767}",
      "{\"targetId\":\"tmt-0000000000000000a\",\"filterId\":\"tmf-0000000000000000a\",\"virtualNetworkId\":16777216}",
      "{\"targetId\":\"tmt-0000000000000000a\",\"filterId\":\"tmf-0000000000000000a\",\"packetLength\":0}",
      "{\"targetId\":\"tmt-0000000000000000a\",\"filterId\":\"tmf-0000000000000000a\",\"packetLength\":8501}"})
  void json_whenInvalid_failsWithInvalidVpcConfig(String text) {
    assertThatThrownBy(() -> json.readValue(text, VpcMirroringConfig.class))
        .hasRootCauseInstanceOf(InvalidVpcConfigException.class);
  }

  @org.junit.jupiter.api.Test
  void json_whenManagedDatabasesAsked_roundTripsAndDefaultsToOff() throws Exception {
    VpcMirroringConfig asked = json.readValue("{\"targetId\":\"tmt-0000000000000000a\",\"filterId\":"
        + "\"tmf-0000000000000000a\",\"packetLength\":8500,\"mirrorManagedDatabases\":true}", VpcMirroringConfig.class);

    assertThat(asked.mirrorsManagedDatabases()).isTrue();
    assertThat(json.readValue(json.writeValueAsString(asked), VpcMirroringConfig.class)).isEqualTo(asked);
    assertThat(VpcMirroringConfig.of("tmt-0000000000000000a", "tmf-0000000000000000a").mirrorsManagedDatabases())
        .isFalse();
  }
}
