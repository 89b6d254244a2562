package dev.mirrorflow.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalResponseTest {

  @Test
  void factories_whenJsonOrXml_setContentTypesAndKeepBody() {
    assertThat(LocalResponse.json(400, "{}").contentType()).isEqualTo("application/x-amz-json-1.0");
    LocalResponse xml = LocalResponse.xml(200, "<a/>");
    assertThat(xml.contentType()).startsWith("text/xml");
    assertThat(xml.bodyAsString()).isEqualTo("<a/>");
    assertThat(xml.status()).isEqualTo(200);
  }

  @Test
  void withHeader_whenAdded_returnsCopyAndLeavesOriginal() {
    LocalResponse original = LocalResponse.json(200, "{}");
    LocalResponse withId = original.withHeader("x-amzn-RequestId", "r-1");

    assertThat(withId.headers()).containsEntry("x-amzn-RequestId", "r-1");
    assertThat(original.headers()).isEmpty();
  }
}
