package dev.mirrorflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.local.ec2.Scenario;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

class LocalCloudTest {

  @Test
  void start_whenSeeded_servesEc2OnItsEndpoint() {
    try (LocalCloud cloud = LocalCloud.create(0).start()) {
      cloud.seed(Scenario.parse("{\"vpcs\":[{\"id\":\"vpc-0abc\",\"cidrBlock\":\"10.0.0.0/16\"}]}"));
      try (Ec2Client ec2 = LocalClients.ec2(cloud.endpoint())) {
        assertThat(ec2.describeVpcs().vpcs()).extracting(v -> v.vpcId()).containsExactly("vpc-0abc");
      }
      assertThat(cloud.ec2().callCount("DescribeVpcs")).isEqualTo(1);
    }
  }

  @Test
  void start_whenPortTaken_failsSayingSo() {
    try (LocalCloud first = LocalCloud.create(0).start()) {
      LocalCloud second = LocalCloud.create(first.server().port());
      assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class).hasMessageContaining("port");
    }
  }
}
