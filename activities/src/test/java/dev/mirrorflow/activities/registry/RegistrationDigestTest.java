package dev.mirrorflow.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

/** The digest add-vpc writes beside a registration, and how a read tells a registration changed behind its back. */
class RegistrationDigestTest {
  static final String VPC = "vpc-00000000000000001";
  static final VpcRegistration REGISTRATION = new VpcRegistration("blue", VPC, new VpcMirroringConfig(
      "tmt-0000000000000000a", "tmf-0000000000000000a", 7, 1, null, Map.of("a", "1", "b", "2"), Map.of()));
  static final String INPUT = """
      {"cluster":"blue","vpcId":"vpc-00000000000000001","config":{"targetId":"tmt-0000000000000000a",
       "filterId":"tmf-0000000000000000a","virtualNetworkId":7,"includeTags":{"a":"1","b":"2"}}}""";

  final SchedulerClient scheduler = mock(SchedulerClient.class);

  @Test
  void of_isTheSameForTheSameRegistration_whateverTheOrderOfItsMaps_andDiffersForAnyOtherConfig() {
    VpcRegistration reordered = new VpcRegistration("blue", VPC, new VpcMirroringConfig(
        "tmt-0000000000000000a", "tmf-0000000000000000a", 7, null, null,
        new java.util.TreeMap<>(Map.of("b", "2", "a", "1")).descendingMap(), null));

    assertThat(RegistrationDigest.of(reordered)).isEqualTo(RegistrationDigest.of(REGISTRATION)).hasSize(64);
    assertThat(RegistrationDigest.of(new VpcRegistration("blue", VPC, VpcMirroringConfig.of(
        "tmt-0000000000000000a", "tmf-0000000000000000b")))).isNotEqualTo(RegistrationDigest.of(REGISTRATION));
  }

  @Test
  void description_carriesTheDigest_withinSchedulersLimit() {
    String description = RegistrationDigest.description(REGISTRATION);

    assertThat(description).hasSizeLessThanOrEqualTo(512).contains(VPC);
    assertThat(RegistrationDigest.in(description)).contains(RegistrationDigest.of(REGISTRATION));
    assertThat(RegistrationDigest.confirms(description, REGISTRATION)).isTrue();
    assertThat(RegistrationDigest.confirms(null, REGISTRATION)).isFalse();
  }

  void schedule(String description, String input) {
    when(scheduler.getSchedule(any(GetScheduleRequest.class))).thenReturn(GetScheduleResponse.builder()
        .name(VPC).groupName("mirrorflow-blue").state(ScheduleState.ENABLED).description(description)
        .target(t -> t.arn("arn:scan").roleArn("arn:role").input(input)).build());
  }

  @Test
  void lookup_isConfirmedOnlyWhenTheDescriptionCarriesTheDigestOfTheInput() {
    SchedulerVpcRegistry registry = new SchedulerVpcRegistry(scheduler);

    schedule(RegistrationDigest.description(REGISTRATION), INPUT);
    assertThat(registry.lookup("blue", VPC).orElseThrow().confirmed()).isTrue();

    schedule(RegistrationDigest.description(REGISTRATION), INPUT.replace("tmt-0000000000000000a", "tmt-0000000000000000f"));
    assertThat(registry.lookup("blue", VPC).orElseThrow().confirmed()).isFalse();

    schedule("Mirrorflow cluster blue: scan " + VPC + " every minute", INPUT);
    assertThat(registry.lookup("blue", VPC).orElseThrow().confirmed()).isFalse();
  }

  @Test
  void lookup_isNotConfirmed_whenTheAccountWasChangedBehindAddVpcsBack() {
    SchedulerVpcRegistry registry = new SchedulerVpcRegistry(scheduler);
    VpcRegistration inMember = new VpcRegistration("blue", VPC, new VpcMirroringConfig("tmt-0000000000000000a",
        "tmf-0000000000000000a", 7, null, null, Map.of("a", "1", "b", "2"), null, null, "222222222222"));
    String memberInput = INPUT.replace("\"b\":\"2\"}", "\"b\":\"2\"},\"account\":\"222222222222\"");

    assertThat(RegistrationDigest.of(inMember)).isNotEqualTo(RegistrationDigest.of(REGISTRATION));
    schedule(RegistrationDigest.description(inMember), memberInput);
    assertThat(registry.lookup("blue", VPC).orElseThrow().config().account()).isEqualTo("222222222222");
    assertThat(registry.lookup("blue", VPC).orElseThrow().confirmed()).isTrue();

    // Moved to another account, or back to the hub's, with add-vpc's Description left as it was.
    schedule(RegistrationDigest.description(inMember), memberInput.replace("222222222222", "333333333333"));
    assertThat(registry.lookup("blue", VPC).orElseThrow().confirmed()).isFalse();
    schedule(RegistrationDigest.description(inMember), INPUT);
    assertThat(registry.lookup("blue", VPC).orElseThrow().confirmed()).isFalse();
    // And a hub registration moved into a member account.
    schedule(RegistrationDigest.description(REGISTRATION), memberInput);
    assertThat(registry.lookup("blue", VPC).orElseThrow().confirmed()).isFalse();
  }
}
