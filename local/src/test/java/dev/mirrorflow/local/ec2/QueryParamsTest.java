package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

  @Test
  void filters_whenNumbered_parseNamesAndValuesInOrder() {
    QueryParams p = new QueryParams(Map.of(
        "Filter.1.Name", "vpc-id", "Filter.1.Value.1", "vpc-1", "Filter.1.Value.2", "vpc-2",
        "Filter.2.Name", "tag:k", "Filter.2.Value.1", "v",
        "Filter.4.Name", "after-a-gap"));

    assertThat(p.filters()).containsExactly(
        new QueryParams.Filter("vpc-id", List.of("vpc-1", "vpc-2")),
        new QueryParams.Filter("tag:k", List.of("v")));
  }

  @Test
  void tagSpecifications_whenTypeMatches_collectTagsAndRejectOtherTypes() {
    QueryParams p = new QueryParams(Map.of(
        "TagSpecification.1.ResourceType", "traffic-mirror-session",
        "TagSpecification.1.Tag.1.Key", "a", "TagSpecification.1.Tag.1.Value", "1",
        "TagSpecification.1.Tag.2.Key", "b"));

    assertThat(p.tagSpecifications("traffic-mirror-session")).containsExactly(Map.entry("a", "1"), Map.entry("b", ""));
    assertThatThrownBy(() -> p.tagSpecifications("vpc")).isInstanceOf(LocalEc2Exception.class)
        .extracting(e -> ((LocalEc2Exception) e).code()).isEqualTo("InvalidParameterValue");
    assertThat(p.tagSpecificationsFor("instance")).isEmpty();
  }

  @Test
  void integerAndRequired_whenMissingOrMalformed_failWithEc2Codes() {
    QueryParams p = new QueryParams(Map.of("SessionNumber", "x", "NetworkInterfaceId.1", "eni-1", "NetworkInterfaceId.2", "eni-2"));

    assertThatThrownBy(() -> p.integer("SessionNumber")).extracting(e -> ((LocalEc2Exception) e).code())
        .isEqualTo("InvalidParameterValue");
    assertThatThrownBy(() -> p.required("TrafficMirrorTargetId")).extracting(e -> ((LocalEc2Exception) e).code())
        .isEqualTo("MissingParameter");
    assertThat(p.list("NetworkInterfaceId")).containsExactly("eni-1", "eni-2");
    assertThat(p.integer("Absent")).isEmpty();
  }
}
