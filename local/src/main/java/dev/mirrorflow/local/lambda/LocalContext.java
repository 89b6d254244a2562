package dev.mirrorflow.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.mirrorflow.local.clock.LocalClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** The minimal Lambda {@link Context} the local Lambda hands to a handler; logs go to stderr. */
final class LocalContext implements Context {
  private final String requestId;
  private final String functionName;
  private final String functionArn;
  private final Instant deadline;
  private final LocalClock clock;

  LocalContext(String requestId, String functionName, String functionArn, Instant deadline, LocalClock clock) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.functionArn = functionArn;
    this.deadline = deadline;
    this.clock = clock;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local/[$LATEST]" + requestId;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return functionArn;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    long millis = Duration.between(clock.instant(), deadline).toMillis();
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, millis));
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.err.print("[" + functionName + "] " + message);
      }

      @Override
      public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
