package dev.mirrorflow.local.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.local.clock.LocalClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  private final Ec2Service ec2 = Ec2Service.create(LocalClock.create());

  @Test
  void seed_whenExampleScenario_buildsEveryElementAndResolvesRefs() throws IOException {
    Map<String, String> ids = ec2.seed(Scenario.parse(resource("/scenarios/two-subnets.json")));
    Ec2World world = ec2.world();

    assertThat(world.vpcs()).hasSize(1);
    assertThat(world.subnets()).hasSize(3).allSatisfy(s -> assertThat(s.vpcId()).isEqualTo(ids.get("prod")));
    assertThat(world.instances()).hasSize(6);
    assertThat(world.instance(ids.get("stopped"))).get().extracting(Instance::state).isEqualTo("stopped");
    assertThat(world.instance(ids.get("batch"))).get().extracting(Instance::instanceType).isEqualTo("t2.micro");
    assertThat(world.networkInterface(ids.get("lambda"))).get().satisfies(e -> {
      assertThat(e.interfaceType()).isEqualTo("lambda");
      assertThat(e.requesterManaged()).isTrue();
    });
    assertThat(world.networkInterface(ids.get("web-1-secondary"))).get()
        .satisfies(e -> assertThat(e.attachment().instanceId()).isEqualTo(ids.get("web-1")));
    assertThat(world.session(ids.get("foreign"))).get().satisfies(s -> {
      assertThat(s.networkInterfaceId()).isEqualTo(Worlds.primaryEni(world, ids.get("web-2")));
      assertThat(s.targetId()).isEqualTo(ids.get("sensor-target"));
      assertThat(s.virtualNetworkId()).isEqualTo(4242);
    });
    assertThat(world.tags(ids.get("foreign"))).containsEntry("owner", "security-team");
    assertThat(world.filters().get(0).rules()).hasSize(2);
  }

  @Test
  void seed_whenIdsGiven_keepsThem() {
    Map<String, String> ids = ec2.seed(Scenario.parse("""
        {"vpcs":[{"id":"vpc-0a","cidrBlock":"10.0.0.0/16"}],
         "subnets":[{"id":"subnet-0b","vpc":"vpc-0a","cidrBlock":"10.0.1.0/24"}],
         "instances":[{"id":"i-0c","primaryNetworkInterfaceId":"eni-0d","subnet":"subnet-0b","instanceType":"c5.large"}]}"""));

    assertThat(ids).containsKeys("vpc-0a", "subnet-0b", "i-0c");
    assertThat(ec2.world().networkInterface("eni-0d")).get()
        .satisfies(e -> assertThat(e.attachment().instanceId()).isEqualTo("i-0c"));
  }

  @Test
  void parse_whenFieldUnknown_failsNamingIt() {
    assertThatThrownBy(() -> Scenario.parse("{\"vpcs\":[{\"cidr\":\"10.0.0.0/16\"}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cidr");
  }

  @Test
  void seed_whenIdMalformed_failsSayingHowToFixIt() {
    assertThatThrownBy(() -> ec2.seed(Scenario.parse("{\"vpcs\":[{\"id\":\"prod-vpc\",\"cidrBlock\":\"10.0.0.0/16\"}]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'vpc-'");
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ScenarioTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
