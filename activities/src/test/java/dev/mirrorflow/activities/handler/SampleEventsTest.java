package dev.mirrorflow.activities.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.activities.plan.PlanSubnetRequest;
import dev.mirrorflow.activities.plan.PlanVpcRequest;
import dev.mirrorflow.activities.route.RouteEventRequest;
import dev.mirrorflow.activities.scan.PlanScanRequest;
import dev.mirrorflow.activities.session.CreateBatch;
import dev.mirrorflow.activities.session.DeleteBatch;
import dev.mirrorflow.activities.summary.SummarizeRequest;
import dev.mirrorflow.activities.summary.TallySubnetRequest;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample events under src/test/resources/events/ are valid inputs of their steps. */
class SampleEventsTest {

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of("plan-vpc.json", PlanVpcRequest.class),
        Arguments.of("plan-subnet.json", PlanSubnetRequest.class),
        Arguments.of("create-sessions.json", CreateBatch.class),
        Arguments.of("delete-sessions.json", DeleteBatch.class),
        Arguments.of("tally-subnet.json", TallySubnetRequest.class),
        Arguments.of("summarize.json", SummarizeRequest.class),
        Arguments.of("route-event-ec2.json", RouteEventRequest.class),
        Arguments.of("route-event-ecs.json", RouteEventRequest.class),
        Arguments.of("plan-scan.json", PlanScanRequest.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void read_whenSampleEvent_parsesIntoItsStepInput(String file, Class<?> type) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/events/" + file)) {
      assertThat(in).as(file).isNotNull();
      assertThat(StepJson.read(in, type)).isInstanceOf(type);
    }
  }
}
