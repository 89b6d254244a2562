package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlTest {

  @Test
  void response_whenBuilt_wrapsInActionResponseWithNamespaceAndRequestId() {
    Xml xml = Xml.response("DescribeVpcs", "req-1");
    xml.start("vpcSet").start("item").text("vpcId", "vpc-1").text("absent", null).end().end();

    assertThat(xml.finish()).endsWith(
        "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>req-1</requestId>"
            + "<vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>");
  }

  @Test
  void error_whenMessageHasMarkup_escapesIt() {
    assertThat(Xml.error("Code.X", "a<b & 'c'", "r")).endsWith(
        "<Response><Errors><Error><Code>Code.X</Code><Message>a&lt;b &amp; &apos;c&apos;</Message></Error></Errors>"
            + "<RequestID>r</RequestID></Response>");
  }

  @Test
  void glob_whenWildcards_matchAsEc2FiltersDo() {
    assertThat(Glob.matches("t2.*", "t2.micro")).isTrue();
    assertThat(Glob.matches("*.metal", "m5.metal")).isTrue();
    assertThat(Glob.matches("*.metal", "m5.large")).isFalse();
    assertThat(Glob.matches("c?.large", "c5.large")).isTrue();
    assertThat(Glob.matches("exact", "exactly")).isFalse();
  }
}
