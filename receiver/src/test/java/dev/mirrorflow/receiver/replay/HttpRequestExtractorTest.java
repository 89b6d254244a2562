package dev.mirrorflow.receiver.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRequestExtractorTest {
  private final List<CapturedRequest> requests = new ArrayList<>();
  private final List<String> lost = new ArrayList<>();
  private final HttpRequestExtractor extractor = new HttpRequestExtractor(requests::add, lost::add, () -> 7, 1 << 20);
  private final FlowKey flow;

  HttpRequestExtractorTest() throws Exception {
    flow = new FlowKey(InetAddress.getByName("10.0.0.1"), 40000, InetAddress.getByName("10.0.0.2"), 80);
  }

  private void feed(FlowKey f, String text) {
    extractor.data(f, text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void data_whenRequestsSplitAndPipelined_findsEachWhole() {
    feed(flow, "POST /orders?x=1 HTTP/1.1\r\nHost: shop.example\r\nContent-Le");
    feed(flow, "ngth: 5\r\nX-Trace: 1\r\n\r\nhel");
    assertThat(requests).isEmpty();
    feed(flow, "loGET /health HTTP/1.1\r\nHost: shop.example\r\n\r\n");
    assertThat(requests).extracting(CapturedRequest::method).containsExactly("POST", "GET");
    CapturedRequest post = requests.get(0);
    assertThat(post.path()).isEqualTo("/orders");
    assertThat(post.uri()).isEqualTo("/orders?x=1");
    assertThat(post.header("x-trace")).isEqualTo("1");
    assertThat(new String(post.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(post.capturedAtMicros()).isEqualTo(7);
  }

  @Test
  void data_whenServerSide_isIgnored() {
    feed(flow, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    feed(flow.reverse(), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assertThat(requests).hasSize(1);
    assertThat(lost).isEmpty();
  }

  @Test
  void data_whenNotHttp_findsNothing() {
    extractor.data(flow, new byte[] {0x16, 0x03, 0x01, 0x00, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    feed(flow, "GET / HTTP/1.1\r\n\r\n");
    assertThat(requests).isEmpty();
  }

  @Test
  void gap_whenMidRequest_countsItLostAndResumesAtNextRequest() {
    feed(flow, "POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
    extractor.gap(flow, 4);
    feed(flow, "xyz");
    feed(flow, "GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(lost).containsExactly("gap");
    assertThat(requests).extracting(CapturedRequest::path).containsExactly("/b");
  }

  @Test
  void closed_whenMidRequest_countsItIncomplete() {
    feed(flow, "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTT");
    extractor.closed(flow);
    assertThat(requests).extracting(CapturedRequest::path).containsExactly("/a");
    assertThat(lost).containsExactly("incomplete");
  }
}
