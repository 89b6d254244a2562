package dev.mirrorflow.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorflow.local.http.LocalResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetAnswerTest {

  @ParameterizedTest
  @CsvSource({
      "200, , ACCEPTED, false",
      "202, , ACCEPTED, false",
      "400, StateMachineDoesNotExist, NO_RESOURCE, false",
      "404, ResourceNotFoundException, NO_RESOURCE, false",
      "400, ThrottlingException, THROTTLED, true",
      "429, TooManyRequestsException, THROTTLED, true",
      "500, ServiceUnavailable, SERVER_ERROR, true",
      "503, , SERVER_ERROR, true",
      "400, InvalidExecutionInput, REFUSED, false",
      "403, AccessDeniedException, REFUSED, false",
  })
  void of_whenTargetAnswers_sortsItAsEventBridgeRetriesIt(int status, String type, TargetAnswer.Kind kind,
      boolean retriable) {
    String body = type == null ? "oops" : "{\"__type\":\"com.amazonaws#" + type + "\",\"message\":\"m\"}";

    TargetAnswer answer = TargetAnswer.of(LocalResponse.json(status, body));

    assertThat(answer.kind()).isEqualTo(kind);
    assertThat(answer.retriable()).isEqualTo(retriable);
    if (kind != TargetAnswer.Kind.ACCEPTED) {
      assertThat(answer.errorType()).isEqualTo(type == null ? "HTTP_" + status : type);
    }
  }
}
