package dev.mirrorflow.activities.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A Lambda step: parse the JSON input into {@code I}, call one plain function, write {@code O} as
 * JSON. An exception escapes as is, so that its class name is the error the state machine matches.
 */
public abstract class StepHandler<I, O> implements RequestStreamHandler {
  private final Class<I> inputType;
  private final BiFunction<I, Context, O> step;

  protected StepHandler(Class<I> inputType, Function<I, O> step) {
    this(inputType, (input, context) -> step.apply(input));
  }

  /** A step that needs the invocation's {@link Context} (its remaining time); the context is null in unit tests. */
  protected StepHandler(Class<I> inputType, BiFunction<I, Context, O> step) {
    this.inputType = inputType;
    this.step = step;
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    StepJson.write(output, step.apply(StepJson.read(input, inputType), context));
  }
}
