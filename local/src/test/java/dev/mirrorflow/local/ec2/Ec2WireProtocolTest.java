package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The raw query protocol, as tools other than the Java SDK (the AWS CLI, curl) see it. */
class Ec2WireProtocolTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalEc2 local;

  @BeforeEach
  void start() {
    local = LocalEc2.start();
  }

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void post_whenFormEncoded_answersNamespacedXmlWithRequestId() throws Exception {
    HttpResponse<String> response = post("Action=DescribeVpcs&Version=2016-11-15");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("text/xml");
    String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
    assertThat(response.body()).contains(
        "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>" + requestId
            + "</requestId><vpcSet></vpcSet></DescribeVpcsResponse>");
  }

  @Test
  void post_whenActionFails_answersEc2ErrorDocument() throws Exception {
    HttpResponse<String> response = post("Action=DeleteTrafficMirrorSession&TrafficMirrorSessionId=tms-0123456789abcdef0");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).matches("(?s).*<Response><Errors><Error><Code>InvalidTrafficMirrorSessionId.NotFound</Code>"
        + "<Message>[^<]+</Message></Error></Errors><RequestID>[0-9a-f-]{36}</RequestID></Response>");
  }

  @Test
  void post_whenActionUnknownOrParameterMissing_answersInvalidActionOrMissingParameter() throws Exception {
    assertThat(post("Action=LaunchRockets").body()).contains("<Code>InvalidAction</Code>");
    assertThat(post("Action=CreateTrafficMirrorSession").body()).contains("<Code>MissingParameter</Code>");
  }

  @Test
  void get_whenQueryString_isServedToo() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create(local.cloud.endpoint() + "/?Action=DescribeTrafficMirrorSessions")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<trafficMirrorSessionSet></trafficMirrorSessionSet>");
  }

  private HttpResponse<String> post(String form) throws Exception {
    return http.send(HttpRequest.newBuilder(local.cloud.endpoint())
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
