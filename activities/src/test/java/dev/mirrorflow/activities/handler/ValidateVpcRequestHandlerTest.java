package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.activities.input.InvalidInputException;
import dev.mirrorflow.activities.lifecycle.MirrorResourceNotFoundException;
import dev.mirrorflow.activities.lifecycle.RegistrationTooLargeException;
import dev.mirrorflow.activities.lifecycle.RemovalInProgressException;
import dev.mirrorflow.activities.lifecycle.RemovalSupersededException;
import dev.mirrorflow.activities.lifecycle.VpcRequestValidator;
import dev.mirrorflow.activities.lifecycle.VpcNotFoundException;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcNotRegisteredException;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ValidateVpcRequest: add-vpc's and remove-vpc's checks before anything changes. */
class ValidateVpcRequestHandlerTest {
  static final String VPC = "vpc-00000000000000001";
  static final String TARGET = "tmt-0000000000000000a";
  static final String FILTER = "tmf-0000000000000000a";

  final InMemoryEc2 ec2 = new InMemoryEc2(VPC);
  final FakeRegistry registry = new FakeRegistry();
  final ValidateVpcRequestHandler handler = new ValidateVpcRequestHandler(registry, ec2);

  ValidateVpcRequestHandlerTest() {
    ec2.targets.add(TARGET);
    ec2.filters.add(FILTER);
  }

  static String input(String action, String request) {
    return "{\"cluster\":\"blue\",\"action\":\"" + action + "\",\"request\":" + request
        + ",\"defaultTargetId\":\"" + TARGET + "\",\"defaultFilterId\":\"" + FILTER + "\"}";
  }

  @Test
  void add_whenOnlyTheVpcIsGiven_usesTheClusterDefaultsAndRendersTheSchedulesInput() throws Exception {
    JsonNode out = Steps.invoke(handler, input("add", "{\"vpcId\":\"" + VPC + "\",\"config\":{\"virtualNetworkId\":7}}"));

    assertThat(out.path("changed").asBoolean()).isTrue();
    assertThat(out.path("scheduleGroup").asText()).isEqualTo("mirrorflow-blue");
    assertThat(out.path("scheduleName").asText()).isEqualTo(VPC);
    JsonNode registration = StepJson.MAPPER.readTree(out.path("registrationInput").asText());
    assertThat(registration.path("cluster").asText()).isEqualTo("blue");
    assertThat(registration.path("config").path("targetId").asText()).isEqualTo(TARGET);
    assertThat(registration.path("config").path("virtualNetworkId").asInt()).isEqualTo(7);
    assertThat(registration.path("vpcId").asText()).isEqualTo(VPC);
  }

  @Test
  void add_whenManagedDatabasesAsked_carriesItIntoTheRegistration() throws Exception {
    JsonNode out = Steps.invoke(handler, input("add",
        "{\"vpcId\":\"" + VPC + "\",\"config\":{\"mirrorManagedDatabases\":true,\"packetLength\":8500}}"));

    JsonNode config = StepJson.MAPPER.readTree(out.path("registrationInput").asText()).path("config");
    assertThat(config.path("mirrorManagedDatabases").asBoolean()).isTrue();
    assertThat(config.path("packetLength").asInt()).isEqualTo(8500);
  }

  @Test
  void add_whenRegisteredActiveWithTheSameConfig_isUnchanged() {
    registry.register("blue", VPC, VpcMirroringConfig.of(TARGET, FILTER));

    JsonNode same = Steps.invoke(handler, input("add", "{\"vpcId\":\"" + VPC + "\"}"));
    JsonNode other = Steps.invoke(handler, input("add", "{\"vpcId\":\"" + VPC + "\",\"config\":{\"sessionNumber\":2}}"));

    assertThat(same.path("changed").asBoolean()).isFalse();
    assertThat(other.path("changed").asBoolean()).isTrue();
  }

  @Test
  void add_whenTheRegistrationIsDisabledByARemoval_failsWithRemovalInProgressNamingWhatToFollow() {
    registry.register("blue", VPC, VpcMirroringConfig.of(TARGET, FILTER)).deactivate("blue", VPC);

    assertThatThrownBy(() -> Steps.invoke(handler, input("add", "{\"vpcId\":\"" + VPC + "\"}")))
        .isExactlyInstanceOf(RemovalInProgressException.class)
        .hasMessageContaining("is being removed", "mirrorflow executions " + VPC, "Nothing was changed");
    assertThat(registry.isActive("blue", VPC)).isFalse();
  }

  @Test
  void confirmRemove_whenTheGateIsStillClosedOrGone_passes_whenAnAddVpcReopenedIt_failsWithRemovalSuperseded() {
    String confirm = "{\"cluster\":\"blue\",\"action\":\"confirm-remove\",\"request\":{\"vpcId\":\"" + VPC + "\"}}";
    assertThat(Steps.invoke(handler, confirm).path("vpcId").asText()).as("already gone").isEqualTo(VPC);
    registry.register("blue", VPC, VpcMirroringConfig.of(TARGET, FILTER)).deactivate("blue", VPC);
    assertThat(Steps.invoke(handler, confirm).path("vpcId").asText()).as("still closed").isEqualTo(VPC);

    registry.register("blue", VPC, VpcMirroringConfig.of(TARGET, FILTER));

    assertThatThrownBy(() -> Steps.invoke(handler, confirm))
        .isExactlyInstanceOf(RemovalSupersededException.class)
        .hasMessageContaining("stays registered", "mirrorflow remove-vpc " + VPC);
  }

  @Test
  void add_whenSomethingDoesNotExistOrIsMalformed_failsWithANamedError() {
    assertThatThrownBy(() -> Steps.invoke(handler, input("add", "{\"vpcId\":\"vpc-00000000000000002\"}")))
        .isExactlyInstanceOf(VpcNotFoundException.class).hasMessageContaining("vpc-00000000000000002");
    assertThatThrownBy(() -> Steps.invoke(handler,
        input("add", "{\"vpcId\":\"" + VPC + "\",\"config\":{\"targetId\":\"tmt-0000000000000000b\"}}")))
        .isExactlyInstanceOf(MirrorResourceNotFoundException.class).hasMessageContaining("--target-id");
    assertThatThrownBy(() -> Steps.invoke(handler,
        input("add", "{\"vpcId\":\"" + VPC + "\",\"config\":{\"filterId\":\"tmf-0000000000000000b\"}}")))
        .isExactlyInstanceOf(MirrorResourceNotFoundException.class).hasMessageContaining("--filter-id");
    assertThatThrownBy(() -> Steps.invoke(handler, input("add", "{\"vpcId\":\"vpc-nope\"}")))
        .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("malformed vpcId");
    assertThatThrownBy(() -> Steps.invoke(handler,
        input("add", "{\"vpcId\":\"" + VPC + "\",\"config\":{\"sessionNumber\":40000}}")))
        .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("sessionNumber");
    assertThatThrownBy(() -> Steps.invoke(handler,
        input("add", "{\"vpcId\":\"" + VPC + "\",\"config\":{\"packetLength\":8501}}")))
        .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("packetLength must be 1..8500");
    assertThatThrownBy(() -> Steps.invoke(handler, input("add", "{\"cluster\":\"green\",\"vpcId\":\"" + VPC + "\"}")))
        .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("cluster 'green'");
    assertThat(registry.find("blue", VPC)).isEmpty();
  }

  /** An add request whose includeTags has {@code count} entries {@code k<i>: <valueLength x 'v'>}. */
  static String withTags(int count, int valueLength) {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < count; i++) {
      tags.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("v".repeat(valueLength)).append('"');
    }
    return input("add", "{\"vpcId\":\"" + VPC + "\",\"config\":{\"includeTags\":{" + tags + "}}}");
  }

  @ParameterizedTest(name = "{0} tags of {1} characters: fits = {2}")
  @CsvSource({
      "1, 10, true",
      "50, 100, true",
      "100, 100, false",
      "1, 8192, false",
      "400, 20, false"})
  void add_whenTheRenderedRegistrationIsLargerThanEventBridgeKeeps_failsNamedBeforeAnyLookup(
      int count, int valueLength, boolean fits) {
    int callsBefore = ec2.describeCalls;
    if (fits) {
      JsonNode out = Steps.invoke(handler, withTags(count, valueLength));
      assertThat(out.path("registrationInput").asText().length()).isLessThanOrEqualTo(VpcRequestValidator.MAX_REGISTRATION_CHARS);
    } else {
      assertThatThrownBy(() -> Steps.invoke(handler, withTags(count, valueLength)))
          .isExactlyInstanceOf(RegistrationTooLargeException.class).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(VPC).hasMessageContaining("8192").hasMessageContaining("--include-tag");
      assertThat(ec2.describeCalls).as("refused before asking EC2 anything").isEqualTo(callsBefore);
    }
    assertThat(registry.find("blue", VPC)).isEmpty();
  }

  @Test
  void add_whenTheRegistrationIsExactlyTheLimit_passesAndOneCharacterMoreFails() {
    int base = Steps.invoke(handler, withTags(1, 0)).path("registrationInput").asText().length();
    int room = VpcRequestValidator.MAX_REGISTRATION_CHARS - base;

    assertThat(Steps.invoke(handler, withTags(1, room)).path("registrationInput").asText())
        .hasSize(VpcRequestValidator.MAX_REGISTRATION_CHARS);
    assertThatThrownBy(() -> Steps.invoke(handler, withTags(1, room + 1)))
        .isExactlyInstanceOf(RegistrationTooLargeException.class)
        .hasMessageContaining((VpcRequestValidator.MAX_REGISTRATION_CHARS + 1) + " characters");
  }

  @Test
  void add_whenTheClusterHasNoDefaultTarget_asksForOne() {
    String noDefaults = "{\"cluster\":\"blue\",\"action\":\"add\",\"request\":{\"vpcId\":\"" + VPC
        + "\"},\"defaultTargetId\":\"\",\"defaultFilterId\":\"\"}";

    assertThatThrownBy(() -> Steps.invoke(handler, noDefaults))
        .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("--target-id");
  }

  @Test
  void remove_whenRegisteredOrNot_passesOrFailsWithVpcNotRegistered() {
    assertThatThrownBy(() -> Steps.invoke(handler, input("remove", "{\"vpcId\":\"" + VPC + "\"}")))
        .isExactlyInstanceOf(VpcNotRegisteredException.class);

    registry.register("blue", VPC, VpcMirroringConfig.of(TARGET, FILTER)).deactivate("blue", VPC);
    JsonNode out = Steps.invoke(handler, input("remove", "{\"vpcId\":\"" + VPC + "\"}"));

    assertThat(out.path("scheduleGroup").asText()).isEqualTo("mirrorflow-blue");
    assertThat(out.path("scheduleName").asText()).isEqualTo(VPC);
    assertThat(out.path("deleted").asInt(-1)).isZero();
    assertThat(out.path("attempts").asInt(-1)).isZero();
    assertThat(out.has("registrationInput")).isFalse();
  }

  @Test
  void add_whenTheTargetOrFilterIsNotAllowed_failsByNameWithTheAllowedOnes() {
    ValidateVpcRequestHandler allowlisted = new ValidateVpcRequestHandler(registry, ec2,
        dev.mirrorflow.activities.guard.AllowedMirrorResources.of(java.util.Set.of(TARGET), java.util.Set.of(FILTER)));
    ec2.targets.add("tmt-0000000000000000f");

    assertThatThrownBy(() -> Steps.invoke(allowlisted, input("add",
        "{\"vpcId\":\"" + VPC + "\",\"config\":{\"targetId\":\"tmt-0000000000000000f\"}}")))
        .isInstanceOf(dev.mirrorflow.activities.guard.MirrorResourceNotAllowedException.class)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tmt-0000000000000000f").hasMessageContaining("allowed: " + TARGET);
    assertThat(Steps.invoke(allowlisted, input("add", "{\"vpcId\":\"" + VPC + "\"}")).path("changed").asBoolean()).isTrue();
  }

  @Test
  void add_whenTheRegistrationWasChangedBehindItsBack_countsAsChangedAndWritesTheDigest() {
    registry.tamper("blue", VPC, VpcMirroringConfig.of(TARGET, FILTER));

    JsonNode out = Steps.invoke(handler, input("add", "{\"vpcId\":\"" + VPC + "\"}"));

    assertThat(out.path("changed").asBoolean()).isTrue();
    assertThat(out.path("scheduleDescription").asText()).contains(
        dev.mirrorflow.activities.registry.RegistrationDigest.of(new dev.mirrorflow.activities.registry.VpcRegistration(
            "blue", VPC, VpcMirroringConfig.of(TARGET, FILTER))));
  }
}
