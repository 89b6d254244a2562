package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorflow.activities.ec2.Ec2RejectedException;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import dev.mirrorflow.activities.input.InvalidInputException;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.InvalidVpcConfigException;
import dev.mirrorflow.activities.registry.TransientRegistryException;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcNotRegisteredException;
import dev.mirrorflow.activities.route.MalformedEventException;
import dev.mirrorflow.activities.scan.TransientStepFunctionsException;
import dev.mirrorflow.activities.testing.FakeRegistry;
import dev.mirrorflow.activities.testing.InMemoryEc2;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import dev.mirrorflow.activities.lifecycle.RemovalInProgressException;
import dev.mirrorflow.activities.lifecycle.RemovalSupersededException;
import org.junit.jupiter.api.Test;

/**
 * The Lambda Java runtime reports a thrown exception as {@code errorType} = its class's
 * {@code getName()}, and that is what the ASL's Retry and Catch match. These names are a contract:
 * renaming or moving a class breaks the state machines.
 */
class ErrorNamesTest {

  @Test
  void errorNames_whenClassesLoaded_areTheNamesTheStateMachinesMatch() {
    assertThat(List.of(TransientEc2Exception.class, TransientRegistryException.class, Ec2RejectedException.class,
        VpcNotRegisteredException.class, InvalidInputException.class, InvalidVpcConfigException.class,
        MalformedEventException.class, TransientStepFunctionsException.class,
        RemovalInProgressException.class, RemovalSupersededException.class))
        .extracting(Class::getName)
        .containsExactly(
            "dev.mirrorflow.activities.ec2.TransientEc2Exception",
            "dev.mirrorflow.activities.registry.TransientRegistryException",
            "dev.mirrorflow.activities.ec2.Ec2RejectedException",
            "dev.mirrorflow.activities.registry.VpcNotRegisteredException",
            "dev.mirrorflow.activities.input.InvalidInputException",
            "dev.mirrorflow.activities.registry.InvalidVpcConfigException",
            "dev.mirrorflow.activities.route.MalformedEventException",
            "dev.mirrorflow.activities.scan.TransientStepFunctionsException",
            "dev.mirrorflow.activities.lifecycle.RemovalInProgressException",
            "dev.mirrorflow.activities.lifecycle.RemovalSupersededException");
  }

  @Test
  void reconcileVpc_whenRetrying_namesTheTransientExceptions() throws Exception {
    String asl = Files.readString(Path.of(System.getProperty("mirrorflow.root", ".."), "state-machines/reconcile-vpc.asl.json"));

    assertThat(asl).contains("\"" + TransientEc2Exception.class.getName() + "\"")
        .contains("\"" + TransientRegistryException.class.getName() + "\"");
  }

  @Test
  void handlers_whenStepFails_letTheNamedExceptionEscapeUnwrapped() {
    InMemoryEc2 throttled = new InMemoryEc2("vpc-00000000000000001");
    throttled.describeFailure = new TransientEc2Exception("RequestLimitExceeded", "throttled", null);
    FakeRegistry registry = new FakeRegistry().register("blue", "vpc-00000000000000001",
        VpcMirroringConfig.of("tmt-0000000000000000a", "tmf-0000000000000000a"));
    PlanVpcHandler handler = new PlanVpcHandler(registry, throttled,
        new EmbeddedMetrics(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()));

    assertThatThrownBy(() -> Steps.invoke(handler, "{\"cluster\":\"blue\",\"vpcId\":\"vpc-00000000000000001\"}"))
        .isExactlyInstanceOf(TransientEc2Exception.class);
    assertThatThrownBy(() -> Steps.invoke(handler, "{\"cluster\":\"blue\",\"vpcId\":\"vpc-00000000000000009\"}"))
        .isExactlyInstanceOf(VpcNotRegisteredException.class);
    assertThatThrownBy(() -> Steps.invoke(handler, "{\"cluster\":\"blue\"}"))
        .isExactlyInstanceOf(InvalidInputException.class);
  }
}
