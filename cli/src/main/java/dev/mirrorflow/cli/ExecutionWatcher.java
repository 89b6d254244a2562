package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Follows an execution to its end, showing progress (states done, sessions created and deleted so
 * far) whenever it changes. Executions it starts ({@code states:startExecution.sync}, e.g. add-vpc's
 * first reconcile) are followed too: that is where the sessions are made.
 */
final class ExecutionWatcher {
  private static final Duration POLL = Duration.ofMillis(250);

  private final SfnClient sfn;
  private final PrintWriter progress;

  /** @param progress where progress lines go, or null for none */
  ExecutionWatcher(SfnClient sfn, PrintWriter progress) {
    this.sfn = sfn;
    this.progress = progress;
  }

  /** What can be read from an execution's history (and its children's) so far. */
  record Progress(int statesDone, int sessionsCreated, int sessionsDeleted) {
    Progress plus(Progress other) {
      return new Progress(statesDone + other.statesDone, sessionsCreated + other.sessionsCreated,
          sessionsDeleted + other.sessionsDeleted);
    }
  }

  /** Blocks until the execution ends and returns its final description. */
  DescribeExecutionResponse follow(String executionArn) {
    Progress last = null;
    while (true) {
      DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
      if (progress != null) {
        Progress now = progress(executionArn);
        if (!now.equals(last)) {
          progress.printf("  ... %d states done, %d sessions created, %d deleted%n",
              now.statesDone(), now.sessionsCreated(), now.sessionsDeleted());
          progress.flush();
          last = now;
        }
      }
      if (execution.status() != ExecutionStatus.RUNNING
          && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
        return execution;
      }
      try {
        // Polling an API: Step Functions has no push channel to wait on.
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + executionArn, e);
      }
    }
  }

  /** The execution's progress, with that of the executions it started. */
  Progress progress(String executionArn) {
    int states = 0;
    int created = 0;
    int deleted = 0;
    Set<String> children = new LinkedHashSet<>();
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
        if (event.lambdaFunctionSucceededEventDetails() != null) {
          // Only the batch steps' results ({subnetId, created|deleted, ...}); Summarize's totals would count twice.
          JsonNode output = WorkflowCommand.parse(event.lambdaFunctionSucceededEventDetails().output());
          if (output.has("subnetId")) {
            created += output.path("created").asInt(0);
            deleted += output.path("deleted").asInt(0);
          }
        }
        if (event.taskSubmittedEventDetails() != null && "states".equals(event.taskSubmittedEventDetails().resourceType())) {
          String child = WorkflowCommand.parse(event.taskSubmittedEventDetails().output()).path("ExecutionArn").asText("");
          if (!child.isEmpty()) {
            children.add(child);
          }
        }
      }
      token = page.nextToken();
    } while (token != null);
    Progress own = new Progress(states, created, deleted);
    for (String child : children) {
      own = own.plus(progress(child));
    }
    return own;
  }
}
