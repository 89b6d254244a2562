package dev.mirrorflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.http.LocalResponse;
import java.io.IOException;

/**
 * What a target of a rule or a schedule answered one call, sorted as EventBridge sorts it: accepted,
 * gone (a target that does not exist is not retried), throttled or failing on the service's side
 * (429 and 5xx are retried), or refused (other 4xx answers are not retried).
 *
 * @param kind how the call went
 * @param errorType the error's type ({@code __type} without its namespace, else {@code HTTP_<status>}),
 *     null when accepted, or when the target could not be called at all
 * @param errorMessage what the error said, null when accepted
 * @param executionArn the execution a state machine target started, if any
 */
public record TargetAnswer(Kind kind, String errorType, String errorMessage, String executionArn) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How a call to a target went. */
  public enum Kind {
    ACCEPTED,
    NO_RESOURCE,
    THROTTLED,
    SERVER_ERROR,
    REFUSED
  }

  /** A target the local cloud cannot call (an ARN it has no service for, or of the wrong shape). */
  public static TargetAnswer unreachable(String message) {
    return new TargetAnswer(Kind.NO_RESOURCE, null, message, null);
  }

  /** Reads an AWS JSON or REST-JSON answer. */
  public static TargetAnswer of(LocalResponse response) {
    int status = response.status();
    if (status >= 200 && status < 300) {
      return new TargetAnswer(Kind.ACCEPTED, null, null, null);
    }
    String type = "HTTP_" + status;
    String message = response.bodyAsString();
    try {
      JsonNode body = JSON.readTree(response.body());
      if (body != null && body.hasNonNull("__type")) {
        type = body.get("__type").asText();
        type = type.substring(type.lastIndexOf('#') + 1);
      }
      if (body != null && body.hasNonNull("message")) {
        message = body.get("message").asText();
      } else if (body != null && body.hasNonNull("Message")) {
        message = body.get("Message").asText();
      }
    } catch (IOException ignored) {
      // Not JSON: keep the raw body as the message.
    }
    Kind kind;
    if (status == 404 || type.endsWith("NotFoundException") || type.endsWith("DoesNotExist")
        || type.equals("UnknownOperationException")) {
      kind = Kind.NO_RESOURCE;
    } else if (status == 429 || type.contains("Throttl") || type.contains("TooManyRequests")) {
      kind = Kind.THROTTLED;
    } else if (status >= 500) {
      kind = Kind.SERVER_ERROR;
    } else {
      kind = Kind.REFUSED;
    }
    return new TargetAnswer(kind, type, message, null);
  }

  /** The same answer, with the execution it started. */
  public TargetAnswer started(String executionArn) {
    return new TargetAnswer(kind, errorType, errorMessage, executionArn);
  }

  public boolean accepted() {
    return kind == Kind.ACCEPTED;
  }

  /** Whether the call is worth retrying within the target's retry policy. */
  public boolean retriable() {
    return kind == Kind.THROTTLED || kind == Kind.SERVER_ERROR;
  }

  /** The error as one line: its type and message. */
  public String describe() {
    return errorType == null ? errorMessage : errorType + ": " + errorMessage;
  }
}
