package dev.mirrorflow.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.SchedulerException;

class SchedulerVpcRegistryTest {
  static final String VPC = "vpc-00000000000000001";
  static final String INPUT = """
      {"cluster":"blue","vpcId":"vpc-00000000000000001","config":{"targetId":"tmt-0000000000000000a",
       "filterId":"tmf-0000000000000000a","virtualNetworkId":4242,"packetLength":128,
       "includeTags":{"mirror":"*"},"excludeTags":{"mirror":"off"}}}""";

  final SchedulerClient scheduler = mock(SchedulerClient.class);
  final SchedulerVpcRegistry registry = new SchedulerVpcRegistry(scheduler);

  void schedule(ScheduleState state, String input) {
    when(scheduler.getSchedule(any(GetScheduleRequest.class))).thenReturn(GetScheduleResponse.builder()
        .name(VPC).groupName("mirrorflow-blue").state(state).target(t -> t.arn("arn:scan").roleArn("arn:role").input(input))
        .build());
  }

  @Test
  void lookup_readsConfigAndStateFromOneGetScheduleInTheClustersGroup() {
    schedule(ScheduleState.ENABLED, INPUT);

    VpcRegistry.Registered registered = registry.lookup("blue", VPC).orElseThrow();

    assertThat(registered.config()).isEqualTo(new VpcMirroringConfig("tmt-0000000000000000a", "tmf-0000000000000000a",
        4242, 1, 128, Map.of("mirror", "*"), Map.of("mirror", "off")));
    assertThat(registered.active()).isTrue();
    ArgumentCaptor<GetScheduleRequest> request = ArgumentCaptor.forClass(GetScheduleRequest.class);
    verify(scheduler, times(1)).getSchedule(request.capture());
    assertThat(request.getValue().groupName()).isEqualTo("mirrorflow-blue");
    assertThat(request.getValue().name()).isEqualTo(VPC);
  }

  @Test
  void state_followsTheSchedulesState() {
    schedule(ScheduleState.DISABLED, INPUT);
    assertThat(registry.state("blue", VPC)).isEqualTo(RegistrationState.INACTIVE);
    assertThat(registry.isActive("blue", VPC)).isFalse();
    schedule(ScheduleState.ENABLED, INPUT);
    assertThat(registry.state("blue", VPC)).isEqualTo(RegistrationState.ACTIVE);
  }

  @Test
  void lookup_whenNoSchedule_isEmptyAndNotRegistered() {
    when(scheduler.getSchedule(any(GetScheduleRequest.class)))
        .thenThrow(ResourceNotFoundException.builder().message("no schedule").statusCode(404).build());

    assertThat(registry.find("blue", VPC)).isEmpty();
    assertThat(registry.state("blue", VPC)).isEqualTo(RegistrationState.NOT_REGISTERED);
  }

  @Test
  void lookup_whenInputIsNotARegistration_isInvalidVpcConfig_butStateStillRegistered() {
    schedule(ScheduleState.ENABLED, "{\"cluster\":\"green\",\"vpcId\":\"" + VPC + "\",\"config\":{}}");

    assertThatThrownBy(() -> registry.find("blue", VPC)).isInstanceOf(InvalidVpcConfigException.class);
    assertThat(registry.state("blue", VPC)).isEqualTo(RegistrationState.ACTIVE);
  }

  @Test
  void lookup_whenThrottledOrUnreachable_isTransient() {
    when(scheduler.getSchedule(any(GetScheduleRequest.class)))
        .thenThrow(SchedulerException.builder().statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build())
        .thenThrow(SdkClientException.create("connection refused"));

    assertThatThrownBy(() -> registry.lookup("blue", VPC)).isInstanceOf(TransientRegistryException.class);
    assertThatThrownBy(() -> registry.state("blue", VPC)).isInstanceOf(TransientRegistryException.class);
  }
}
