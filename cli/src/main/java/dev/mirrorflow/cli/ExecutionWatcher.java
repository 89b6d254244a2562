package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Follows an execution to its end, showing progress (states done, sessions created so far) as it
 * goes. Progress goes to the error stream so that standard output stays machine-readable.
 */
final class ExecutionWatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(250);

  private final SfnClient sfn;
  private final PrintWriter progress;

  ExecutionWatcher(SfnClient sfn, PrintWriter progress) {
    this.sfn = sfn;
    this.progress = progress;
  }

  /** What can be read from an execution's history so far. */
  record Progress(int statesDone, int sessionsCreated, int sessionsDeleted) {}

  /** Blocks until the execution ends and returns its final description. */
  DescribeExecutionResponse follow(String executionArn) {
    Progress last = null;
    while (true) {
      DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
      Progress now = progress(executionArn);
      if (progress != null && !now.equals(last)) {
        progress.printf(
            "  ... %d states done, %d sessions created, %d deleted%n",
            now.statesDone(), now.sessionsCreated(), now.sessionsDeleted());
        progress.flush();
        last = now;
      }
      if (execution.status() != ExecutionStatus.RUNNING
          && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
        return execution;
      }
      try {
        // Polling an API: there is no push channel to wait on.
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + executionArn, e);
      }
    }
  }

  Progress progress(String executionArn) {
    int states = 0;
    int created = 0;
    int deleted = 0;
    String token = null;
    do {
      String next = token;
      GetExecutionHistoryResponse page =
          sfn.getExecutionHistory(b -> b.executionArn(executionArn).maxResults(1000).nextToken(next));
      for (HistoryEvent event : page.events()) {
        String type = event.typeAsString();
        if (type != null && type.endsWith("StateExited")) {
          states++;
        }
        String output = taskOutput(event);
        if (output != null) {
          JsonNode node = parse(output);
          created += node.path("created").asInt(0);
          deleted += node.path("deleted").asInt(0);
        }
      }
      token = page.nextToken();
    } while (token != null);
    return new Progress(states, created, deleted);
  }

  private static String taskOutput(HistoryEvent event) {
    if (event.lambdaFunctionSucceededEventDetails() != null) {
      return event.lambdaFunctionSucceededEventDetails().output();
    }
    if (event.taskSucceededEventDetails() != null) {
      return event.taskSucceededEventDetails().output();
    }
    return null;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return JSON.nullNode();
    }
  }
}
