package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * Follows an execution to its end, showing progress (states done, sessions created and deleted so
 * far) whenever it changes. Executions it starts ({@code states:startExecution.sync}, e.g. add-vpc's
 * first reconcile) are followed too: that is where the sessions are made.
 */
final class ExecutionWatcher {
  private static final Duration POLL = Duration.ofMillis(250);

  private final SfnClient sfn;
  private final PrintWriter progress;
  private final Map<String, Tally> tallies = new HashMap<>();
  private final Map<String, JsonNode> definitions = new HashMap<>();

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
          progress.printf("  ... %d state%s done, %d session%s created, %d deleted%n",
              now.statesDone(), now.statesDone() == 1 ? "" : "s",
              now.sessionsCreated(), now.sessionsCreated() == 1 ? "" : "s", now.sessionsDeleted());
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

  /**
   * What a Wait state entered just now waits for and how long, from the state machine's own
   * definition (its {@code Seconds} and {@code Comment}), so that a long silence is explained.
   */
  private void explainWait(String executionArn, String state) {
    if (progress == null) {
      return;
    }
    JsonNode definition;
    try {
      definition = definitions.computeIfAbsent(executionArn, arn -> WorkflowCommand.parse(
          sfn.describeStateMachineForExecution(b -> b.executionArn(arn)).definition()));
    } catch (SfnException e) {
      // Not allowed to read the definition (IAM): say less, keep following.
      definition = Printer.JSON.createObjectNode();
    }
    JsonNode wait = definition.path("States").path(state);
    String seconds = wait.has("Seconds") ? " " + wait.path("Seconds").asText() + " s" : "";
    String why = wait.path("Comment").asText("");
    progress.printf("  ... %s: waiting%s%s%n", state, seconds, why.isEmpty() ? "" : " (" + why + ")");
    progress.flush();
  }

  /** The execution's progress, with that of the executions it started. */
  Progress progress(String executionArn) {
    Tally tally = tallies.computeIfAbsent(executionArn, arn -> new Tally());
    tally.readNewEvents(executionArn);
    Progress own = tally.progress;
    for (String child : tally.children) {
      own = own.plus(progress(child));
    }
    return own;
  }

  /**
   * What one execution's history has said so far. Each poll reads only the events added since the
   * last one (newest first, down to the last event seen), so following a long reconcile does not
   * re-read its whole history every {@link #POLL}.
   */
  private final class Tally {
    long lastEventId;
    Progress progress = new Progress(0, 0, 0);
    final Set<String> children = new LinkedHashSet<>();

    void readNewEvents(String executionArn) {
      List<HistoryEvent> added = new ArrayList<>();
      String token = null;
      boolean caughtUp = false;
      do {
        String next = token;
        GetExecutionHistoryResponse page = sfn.getExecutionHistory(
            b -> b.executionArn(executionArn).maxResults(1000).reverseOrder(true).nextToken(next));
        for (HistoryEvent event : page.events()) {
          if (event.id() <= lastEventId) {
            caughtUp = true;
            break;
          }
          added.add(event);
        }
        token = page.nextToken();
      } while (token != null && !caughtUp);
      Collections.reverse(added);
      for (HistoryEvent event : added) {
        count(event);
        if ("WaitStateEntered".equals(event.typeAsString()) && event.stateEnteredEventDetails() != null) {
          explainWait(executionArn, event.stateEnteredEventDetails().name());
        }
        lastEventId = event.id();
      }
    }

    private void count(HistoryEvent event) {
      String type = event.typeAsString();
      if (type != null && type.endsWith("StateExited")) {
        progress = progress.plus(new Progress(1, 0, 0));
      }
      if (event.lambdaFunctionSucceededEventDetails() != null) {
        // Only the batch steps' results ({subnetId, created|deleted, ...}); Summarize's totals would count twice.
        JsonNode output = WorkflowCommand.parse(event.lambdaFunctionSucceededEventDetails().output());
        if (output.has("subnetId")) {
          progress = progress.plus(new Progress(0, output.path("created").asInt(0), output.path("deleted").asInt(0)));
        }
      }
      if (event.taskSubmittedEventDetails() != null && "states".equals(event.taskSubmittedEventDetails().resourceType())) {
        String child = WorkflowCommand.parse(event.taskSubmittedEventDetails().output()).path("ExecutionArn").asText("");
        if (!child.isEmpty()) {
          children.add(child);
        }
      }
    }
  }
}
