package dev.mirrorflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ASL is code: every definition under state-machines/ parses, uses only the placeholders of
 * state-machines/README.md, points every transition at a state that exists, retries every Task, and
 * matches only errors that something can actually raise.
 */
class StateMachineDefinitionsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  static final String HANDLER_PACKAGE = "dev.mirrorflow.activities.handler.";
  /** Error names of the States Language itself. */
  static final Set<String> STATES_ERRORS = Set.of("States.ALL", "States.Timeout", "States.TaskFailed",
      "States.Permissions", "States.Runtime", "States.DataLimitExceeded", "States.HeartbeatTimeout",
      "States.ResultPathMatchFailure", "States.ParameterPathFailure", "States.BranchFailed",
      "States.NoChoiceMatched", "States.IntrinsicFailure", "States.ExceedToleratedFailureThreshold",
      "States.ItemReaderFailed", "States.ResultWriterFailed", "States.QueryEvaluationError");
  /**
   * Errors the Lambda service integration raises around a function's own. {@code Lambda.Unknown} is
   * how a function timeout or out-of-memory reaches Step Functions (Step Functions best practices,
   * "Handle Lambda service exceptions"), never the exception a step throws.
   */
  static final List<String> LAMBDA_ERRORS = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
      "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "Lambda.Unknown");
  /** Errors of the Step Functions service integrations: {@code <Service>.<Name>Exception}. */
  static final Pattern INTEGRATION_ERROR =
      Pattern.compile("(StepFunctions|Sfn|EventBridge|Scheduler|Ec2)\\.[A-Z][A-Za-z0-9]*Exception");
  static final String TRANSIENT = "dev.mirrorflow.activities.ec2.TransientEc2Exception";

  static Path root;
  static List<Pattern> conventions;

  @BeforeAll
  static void readConventions() throws IOException {
    root = Path.of(System.getProperty("mirrorflow.root", "..")).toAbsolutePath().normalize();
    List<Pattern> patterns = new ArrayList<>();
    Matcher m = Pattern.compile("`\\$\\{([^}`]+)}`").matcher(Files.readString(root.resolve("state-machines/README.md")));
    while (m.find()) {
      patterns.add(Pattern.compile(Pattern.quote(m.group(1)).replaceAll("<[^>]+>", "\\\\E[A-Za-z0-9]+\\\\Q")));
    }
    conventions = patterns;
  }

  static Stream<Path> definitions() throws IOException {
    Path dir = Path.of(System.getProperty("mirrorflow.root", "..")).resolve("state-machines");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".asl.json")).sorted().toList().stream();
    }
  }

  @Test
  void definitions_whenListed_includeReconcileVpc() throws IOException {
    assertThat(definitions()).extracting(p -> p.getFileName().toString()).contains("reconcile-vpc.asl.json");
    assertThat(conventions).as("placeholder conventions read from state-machines/README.md").hasSizeGreaterThan(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void definition_whenParsed_hasStartAtAndStatesAndValidTransitions(Path file) throws IOException {
    JsonNode asl = JSON.readTree(Files.readString(file));
    assertThat(asl.path("StartAt").isTextual()).as("StartAt").isTrue();
    assertThat(asl.path("States").isObject()).as("States").isTrue();
    forEachMachine(asl, file.getFileName().toString(), StateMachineDefinitionsTest::checkTransitions);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void definition_whenScanned_usesOnlyDocumentedPlaceholders(Path file) throws IOException {
    Matcher m = PLACEHOLDER.matcher(Files.readString(file));
    while (m.find()) {
      String name = m.group(1);
      assertThat(conventions).as("${%s} in %s is one of state-machines/README.md's conventions", name, file.getFileName())
          .anyMatch(p -> p.matcher(name).matches());
      if (name.endsWith("FunctionArn")) {
        String handler = HANDLER_PACKAGE + name.substring(0, name.length() - "FunctionArn".length()) + "Handler";
        assertThat(loadable(handler)).as("${%s} is served by %s", name, handler).isTrue();
        assertThat(RequestStreamHandler.class.isAssignableFrom(load(handler))).as(handler + " is a RequestStreamHandler").isTrue();
      }
      if (name.endsWith("StateMachineArn")) {
        String kebab = name.substring(0, name.length() - "StateMachineArn".length())
            .replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
        assertThat(root.resolve("state-machines/" + kebab + ".asl.json")).as("${%s}", name).exists();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void definition_whenScanned_retriesEveryTaskWithJitteredBackoff(Path file) throws IOException {
    forEachState(JSON.readTree(Files.readString(file)), (name, state) -> {
      if (!"Task".equals(state.path("Type").asText())) {
        return;
      }
      JsonNode retry = state.path("Retry");
      assertThat(retry.isArray() && !retry.isEmpty()).as("Task %s has a Retry", name).isTrue();
      List<String> retried = new ArrayList<>();
      for (JsonNode retrier : retry) {
        assertThat(retrier.path("JitterStrategy").asText()).as("%s retries with full jitter", name).isEqualTo("FULL");
        assertThat(retrier.path("BackoffRate").asDouble(2.0)).as("%s backs off exponentially", name).isGreaterThan(1.0);
        retrier.path("ErrorEquals").forEach(e -> retried.add(e.asText()));
      }
      if (state.path("Resource").asText().endsWith("FunctionArn}")) {
        assertThat(retried).as("Task %s retries Lambda's service errors, timeouts and transient EC2 failures", name)
            .containsAll(LAMBDA_ERRORS).contains(TRANSIENT);
        assertThat(retried.indexOf("Lambda.Unknown")).as("Task %s retries Lambda.Unknown before any States.ALL", name)
            .isLessThan(retried.contains("States.ALL") ? retried.indexOf("States.ALL") : Integer.MAX_VALUE);
      }
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void definition_whenScanned_matchesOnlyErrorsThatCanBeRaised(Path file) throws IOException {
    forEachState(JSON.readTree(Files.readString(file)), (name, state) -> {
      for (String field : List.of("Retry", "Catch")) {
        for (JsonNode rule : state.path(field)) {
          for (JsonNode error : rule.path("ErrorEquals")) {
            String e = error.asText();
            boolean known = STATES_ERRORS.contains(e) || LAMBDA_ERRORS.contains(e)
                || INTEGRATION_ERROR.matcher(e).matches()
                || (loadable(e) && Throwable.class.isAssignableFrom(load(e)));
            assertThat(known).as("%s of %s matches %s, which nothing raises", field, name, e).isTrue();
          }
        }
      }
    });
  }

  interface StateVisitor {
    void visit(String name, JsonNode state);
  }

  /** Visits every state, including those of Map item processors and Parallel branches. */
  static void forEachState(JsonNode machine, StateVisitor visitor) {
    forEachMachine(machine, "", (where, m) -> m.path("States").fields()
        .forEachRemaining(e -> visitor.visit(e.getKey(), e.getValue())));
  }

  /** Visits a machine and every nested machine (Map ItemProcessor/Iterator, Parallel Branches). */
  static void forEachMachine(JsonNode machine, String where, java.util.function.BiConsumer<String, JsonNode> visitor) {
    visitor.accept(where, machine);
    for (Iterator<Map.Entry<String, JsonNode>> it = machine.path("States").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode state = e.getValue();
      for (String nested : List.of("ItemProcessor", "Iterator")) {
        if (state.has(nested)) {
          forEachMachine(state.get(nested), where + "/" + e.getKey(), visitor);
        }
      }
      state.path("Branches").forEach(b -> forEachMachine(b, where + "/" + e.getKey(), visitor));
    }
  }

  static void checkTransitions(String where, JsonNode machine) {
    JsonNode states = machine.path("States");
    assertThat(states.has(machine.path("StartAt").asText())).as("%s StartAt exists", where).isTrue();
    states.fields().forEachRemaining(e -> {
      String name = e.getKey();
      JsonNode state = e.getValue();
      String type = state.path("Type").asText();
      List<String> targets = new ArrayList<>();
      if (state.has("Next")) {
        targets.add(state.get("Next").asText());
      }
      if (state.has("Default")) {
        targets.add(state.get("Default").asText());
      }
      state.path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
      state.path("Catch").forEach(c -> targets.add(c.path("Next").asText()));
      for (String target : targets) {
        assertThat(states.has(target)).as("%s/%s -> %s exists", where, name, target).isTrue();
      }
      boolean terminal = Set.of("Succeed", "Fail", "Choice").contains(type) || state.path("End").asBoolean();
      if (!terminal && !state.has("Next")) {
        fail(where + "/" + name + " has neither Next nor End");
      }
    });
  }

  static boolean loadable(String className) {
    try {
      Class.forName(className, false, StateMachineDefinitionsTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static Class<?> load(String className) {
    try {
      return Class.forName(className, false, StateMachineDefinitionsTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(className, e);
    }
  }
}
