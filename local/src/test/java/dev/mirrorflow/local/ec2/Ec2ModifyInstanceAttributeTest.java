package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.local.LocalClients;
import dev.mirrorflow.local.http.LocalServer;
import dev.mirrorflow.local.clock.LocalClock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** ModifyInstanceAttribute of the instance type: only a stopped instance's type can change. */
class Ec2ModifyInstanceAttributeTest {
  LocalServer server;
  Ec2Service service;
  Ec2Client ec2;
  String instance;

  @BeforeEach
  void start() throws Exception {
    service = Ec2Service.create(LocalClock.create());
    server = LocalServer.create(0).register(service);
    server.start();
    ec2 = LocalClients.ec2(server.endpoint(), 1);
    String vpc = service.world().createVpc(null, "10.0.0.0/16", Map.of()).id();
    String subnet = service.world().createSubnet(null, vpc, "10.0.1.0/24", "us-east-1a", Map.of()).id();
    instance = service.world().runInstances(subnet, "m5.large", 1, Map.of(), Map.of()).get(0).id();
  }

  @AfterEach
  void stop() {
    ec2.close();
    server.close();
  }

  @Test
  void modifyInstanceType_whenRunning_isIncorrectInstanceState() {
    assertThatThrownBy(() -> ec2.modifyInstanceAttribute(b -> b.instanceId(instance).instanceType(t -> t.value("c5.large"))))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IncorrectInstanceState"));
    assertThat(type()).isEqualTo("m5.large");
  }

  @Test
  void modifyInstanceType_whenStopped_changesTheTypeDescribed() {
    ec2.stopInstances(b -> b.instanceIds(instance));

    ec2.modifyInstanceAttribute(b -> b.instanceId(instance).instanceType(t -> t.value("c5.large")));

    assertThat(type()).isEqualTo("c5.large");
  }

  private String type() {
    return ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0).instances().get(0).instanceTypeAsString();
  }
}
