package dev.mirrorflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import java.io.IOException;

/** Calls of the AWS JSON protocol to the local cloud, in-process, as the console reads EventBridge. */
final class LocalCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalCalls() {}

  /** The answer of {@code target} (e.g. {@code AWSEvents.ListRules}) to {@code body}; IllegalStateException when it fails. */
  static JsonNode call(AwsDispatcher dispatcher, String target, ObjectNode body) {
    LocalResponse response = dispatcher.dispatch(LocalRequest.awsJson(target, body.toString()));
    try {
      JsonNode answer = JSON.readTree(response.body());
      if (response.status() != 200) {
        throw new IllegalStateException(target + " answered " + response.status() + ": " + answer);
      }
      return answer;
    } catch (IOException e) {
      throw new IllegalStateException(target + " answered what is not JSON: " + response.bodyAsString(), e);
    }
  }
}
