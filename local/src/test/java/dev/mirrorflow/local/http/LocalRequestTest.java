package dev.mirrorflow.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalRequestTest {

  @Test
  void formParameters_whenBodyAndQueryBothCarryParameters_mergeBodyOverQuery() {
    LocalRequest request = new LocalRequest("POST", "/", "Action=DescribeVpcs&Version=1",
        Map.of("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8")),
        "Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=a+b%2Fc".getBytes(StandardCharsets.UTF_8));

    assertThat(request.formParameters())
        .containsEntry("Action", "DescribeVpcs")
        .containsEntry("Version", "2016-11-15")
        .containsEntry("Filter.1.Name", "tag:Name")
        .containsEntry("Filter.1.Value.1", "a b/c");
  }

  @Test
  void formParameters_whenBodyIsJson_ignoresBody() {
    LocalRequest request = LocalRequest.awsJson("AWSEvents.PutEvents", "{\"Action\":\"x\"}");

    assertThat(request.formParameters()).isEmpty();
    assertThat(request.header("X-Amz-Target")).isEqualTo("AWSEvents.PutEvents");
    assertThat(request.method()).isEqualTo("POST");
  }

  @Test
  void constructor_whenHeadersMixedCase_lowerCasesNamesAndDefaultsNulls() {
    LocalRequest request = new LocalRequest("GET", "/x", null, Map.of("X-Mixed-Case", List.of("v")), null);

    assertThat(request.headers()).containsOnlyKeys("x-mixed-case");
    assertThat(request.header("x-MIXED-case")).isEqualTo("v");
    assertThat(request.header("absent")).isNull();
    assertThat(request.rawQuery()).isEmpty();
    assertThat(request.body()).isEmpty();
  }

  @Test
  void queryParameters_whenNameRepeatedOrValueMissing_keepsFirstAndEmpty() {
    LocalRequest request = new LocalRequest("GET", "/", "a=1&a=2&flag&&b=%41", Map.of(), null);

    assertThat(request.queryParameters()).containsExactly(Map.entry("a", "1"), Map.entry("flag", ""), Map.entry("b", "A"));
  }
}
