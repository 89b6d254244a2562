package dev.mirrorflow.activities.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

class EventBridgeVpcRegistryTest {
  static final String VPC = "vpc-00000000000000001";
  static final String INPUT = """
      {"cluster":"blue","vpcId":"vpc-00000000000000001","config":{"targetId":"tmt-0000000000000000a",
       "filterId":"tmf-0000000000000000a","virtualNetworkId":4242,"packetLength":128,
       "includeTags":{"mirror":"*"},"excludeTags":{"mirror":"off"}}}""";

  final EventBridgeClient events = mock(EventBridgeClient.class);
  final EventBridgeVpcRegistry registry = new EventBridgeVpcRegistry(events);

  @Test
  void find_whenScheduleRuleHasReconcileTarget_readsConfigFromItsInput() {
    when(events.listTargetsByRule(any(ListTargetsByRuleRequest.class))).thenReturn(ListTargetsByRuleResponse.builder()
        .targets(t -> t.id("other").arn("arn:x").input("{}"), t -> t.id("reconcile").arn("arn:y").input(INPUT)).build());

    VpcMirroringConfig config = registry.find("blue", VPC).orElseThrow();

    assertThat(config).isEqualTo(new VpcMirroringConfig("tmt-0000000000000000a", "tmf-0000000000000000a", 4242, 1, 128,
        Map.of("mirror", "*"), Map.of("mirror", "off")));
    ArgumentCaptor<ListTargetsByRuleRequest> request = ArgumentCaptor.forClass(ListTargetsByRuleRequest.class);
    verify(events).listTargetsByRule(request.capture());
    assertThat(request.getValue().rule()).isEqualTo("mirrorflow-blue-vpc-00000000000000001-schedule");
    assertThat(request.getValue().eventBusName()).isNull();
  }

  @Test
  void find_whenRuleMissing_isEmpty() {
    when(events.listTargetsByRule(any(ListTargetsByRuleRequest.class)))
        .thenThrow(ResourceNotFoundException.builder().message("no rule").statusCode(400).build());

    assertThat(registry.find("blue", VPC)).isEmpty();
  }

  @Test
  void find_whenRuleHasNoReconcileTarget_isEmpty() {
    when(events.listTargetsByRule(any(ListTargetsByRuleRequest.class)))
        .thenReturn(ListTargetsByRuleResponse.builder().targets(t -> t.id("other").arn("arn:x")).build());

    assertThat(registry.find("blue", VPC)).isEmpty();
  }

  @Test
  void find_whenInputNamesAnotherVpc_throwsInvalidConfig() {
    when(events.listTargetsByRule(any(ListTargetsByRuleRequest.class))).thenReturn(ListTargetsByRuleResponse.builder()
        .targets(t -> t.id("reconcile").arn("arn:y").input(INPUT.replace("vpc-00000000000000001", "vpc-00000000000000002")))
        .build());

    assertThatThrownBy(() -> registry.find("blue", VPC)).isInstanceOf(InvalidVpcConfigException.class);
  }

  @Test
  void find_whenConfigMalformed_throwsInvalidConfigNamingTheField() {
    when(events.listTargetsByRule(any(ListTargetsByRuleRequest.class))).thenReturn(ListTargetsByRuleResponse.builder()
        .targets(t -> t.id("reconcile").arn("arn:y").input(INPUT.replace("\"packetLength\":128", "\"sessionNumber\":0")))
        .build());

    assertThatThrownBy(() -> registry.find("blue", VPC))
        .isInstanceOf(InvalidVpcConfigException.class).hasMessageContaining("sessionNumber");
  }

  @Test
  void find_whenThrottled_throwsTransient() {
    when(events.listTargetsByRule(any(ListTargetsByRuleRequest.class))).thenThrow(EventBridgeException.builder()
        .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build());

    assertThatThrownBy(() -> registry.find("blue", VPC)).isInstanceOf(TransientRegistryException.class);
  }

  @Test
  void isActive_whenScheduleRuleEnabledDisabledOrMissing_saysWhetherTheGateIsOpen() {
    when(events.describeRule(any(java.util.function.Consumer.class)))
        .thenReturn(DescribeRuleResponse.builder().name("r").state(RuleState.ENABLED).build())
        .thenReturn(DescribeRuleResponse.builder().name("r").state(RuleState.DISABLED).build())
        .thenThrow(ResourceNotFoundException.builder().message("no rule").statusCode(400).build());

    assertThat(registry.isActive("blue", VPC)).isTrue();
    assertThat(registry.isActive("blue", VPC)).isFalse();
    assertThat(registry.isActive("blue", VPC)).isFalse();
  }

  @Test
  void isActive_whenThrottled_isTransient() {
    when(events.describeRule(any(java.util.function.Consumer.class))).thenThrow(EventBridgeException.builder()
        .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build());

    assertThatThrownBy(() -> registry.isActive("blue", VPC)).isExactlyInstanceOf(TransientRegistryException.class);
  }
}
