package dev.mirrorflow.activities.handler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.input.InvalidInputException;
import dev.mirrorflow.activities.registry.InvalidVpcConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The one JSON mapping of step inputs and outputs. */
public final class StepJson {
  private StepJson() {}

  /** Unknown fields are ignored: the state machine may pass more than a step reads. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /**
   * Reads a step's input.
   *
   * @throws InvalidInputException when it is not JSON, lacks a field or holds a malformed id
   */
  public static <T> T read(InputStream in, Class<T> type) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length == 0) {
      throw new InvalidInputException("empty input: expected a JSON " + type.getSimpleName());
    }
    try {
      T value = MAPPER.readValue(bytes, type);
      if (value == null) {
        throw new InvalidInputException("null input: expected a JSON " + type.getSimpleName());
      }
      return value;
    } catch (JsonProcessingException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof InvalidInputException invalid) {
          throw invalid;
        }
        if (c instanceof InvalidVpcConfigException invalid) {
          throw new InvalidInputException(invalid.getMessage());
        }
      }
      throw new InvalidInputException("malformed input for " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  /** Writes a step's output. */
  public static void write(OutputStream out, Object value) throws IOException {
    MAPPER.writeValue(out, value);
  }
}
