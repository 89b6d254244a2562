package dev.mirrorflow.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's REST {@code Invoke} ({@code POST /2015-03-31/functions/{name}/invocations}) in front of a
 * {@link LocalLambda}, so that the SDK and the AWS CLI can invoke the local functions. A function
 * error answers 200 with {@code X-Amz-Function-Error: Unhandled} and the error document, as Lambda
 * does.
 */
public final class LambdaService implements ServiceHandler {
  private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalLambda lambda;

  public LambdaService(LocalLambda lambda) {
    this.lambda = lambda;
  }

  @Override
  public boolean accepts(LocalRequest request) {
    return request.path().startsWith("/2015-03-31/functions/");
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    Matcher m = INVOKE.matcher(request.path());
    if (!m.matches() || !"POST".equals(request.method())) {
      return error(
          404, "UnknownOperationException",
          "the local Lambda serves only Invoke (POST /2015-03-31/functions/{name}/invocations), not "
              + request.method() + " " + request.path());
    }
    String invocationType = request.header("x-amz-invocation-type");
    String name = m.group(1);
    Invocation result;
    try {
      if ("Event".equals(invocationType)) {
        if (lambda.function(name).isEmpty()) {
          throw new FunctionNotFoundException("Function not found: " + lambda.functionArn(LocalLambda.functionName(name)));
        }
        Thread t = new Thread(() -> lambda.invoke(name, request.body()), "local-lambda-event");
        t.setDaemon(true);
        t.start();
        return new LocalResponse(202, "application/json", new byte[0], Map.of());
      }
      if ("DryRun".equals(invocationType)) {
        if (lambda.function(name).isEmpty()) {
          throw new FunctionNotFoundException("Function not found: " + lambda.functionArn(LocalLambda.functionName(name)));
        }
        return new LocalResponse(204, "application/json", new byte[0], Map.of());
      }
      result = lambda.invoke(name, request.body());
    } catch (FunctionNotFoundException e) {
      return error(404, "ResourceNotFoundException", e.getMessage());
    } catch (TooManyRequestsException e) {
      String body = JSON.createObjectNode().put("Type", "User").put("message", e.getMessage())
          .put("Reason", TooManyRequestsException.RESERVED_LIMIT).toString();
      return new LocalResponse(429, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of())
          .withHeader("x-amzn-ErrorType", "TooManyRequestsException");
    }
    LocalResponse response =
        new LocalResponse(200, "application/json", result.payload(), Map.of())
            .withHeader("X-Amz-Executed-Version", "$LATEST");
    return result.failed() ? response.withHeader("X-Amz-Function-Error", result.functionError()) : response;
  }

  private static LocalResponse error(int status, String type, String message) {
    String body = JSON.createObjectNode().put("Type", "User").put("message", message).toString();
    return new LocalResponse(status, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of())
        .withHeader("x-amzn-ErrorType", type);
  }
}
