package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorflow.local.sfn.Execution;
import dev.mirrorflow.local.sfn.ExecutionStatus;
import dev.mirrorflow.local.sfn.LocalStepFunctions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mirrorflow local}'s log: one line when an execution starts and one when it ends, saying what
 * it did (sessions created, deleted, kept, ENIs skipped; or its error), in the local cloud's time.
 */
final class ExecutionLog {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final LocalStepFunctions sfn;
  private final PrintWriter out;
  private final Set<String> started = new HashSet<>();
  private final Set<String> ended = new HashSet<>();

  ExecutionLog(LocalStepFunctions sfn, PrintWriter out) {
    this.sfn = sfn;
    this.out = out;
  }

  /** Prints what started and what ended since the last call. */
  synchronized void poll() {
    for (Execution e : sfn.executions().stream().sorted((a, b) -> a.startDate().compareTo(b.startDate())).toList()) {
      if (started.add(e.arn())) {
        out.printf("%s start %-14s %s%n", TIME.format(e.startDate()), workflow(e), e.name());
      }
      if (e.status() != ExecutionStatus.RUNNING && ended.add(e.arn())) {
        Instant stop = e.stopDate().orElse(e.startDate());
        out.printf("%s end   %-14s %s %s in %s%s%n", TIME.format(stop), workflow(e), e.name(), e.status(),
            seconds(Duration.between(e.startDate(), stop)), outcome(e));
      }
    }
    out.flush();
  }

  /** Polls every {@code interval} on a daemon thread until the process ends. */
  void follow(Duration interval) {
    Thread thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        poll();
        try {
          // The local Step Functions has no change feed; a log line a quarter-second late is fine.
          Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "mirrorflow-execution-log");
    thread.setDaemon(true);
    thread.start();
  }

  private static String workflow(Execution e) {
    String name = e.stateMachine().name();
    int dash = name.indexOf('-', "mirrorflow-".length());
    return name.startsWith("mirrorflow-") && dash > 0 ? name.substring(dash + 1) : name;
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static String outcome(Execution e) {
    if (e.status() != ExecutionStatus.SUCCEEDED) {
      String cause = e.cause().orElse("");
      return ": " + e.error().orElse("no error") + (cause.isEmpty() ? "" : " (" + firstLine(cause, 160) + ")");
    }
    JsonNode output = WorkflowCommand.parse(e.output().orElse(null));
    JsonNode counts = output.has("summary") ? output.path("summary") : output;
    StringBuilder b = new StringBuilder();
    for (String field : List.of("created", "deleted", "kept")) {
      if (counts.path(field).isNumber()) {
        b.append(b.length() == 0 ? ": " : ", ").append(field).append(' ').append(counts.path(field).asInt());
      }
    }
    int skipped = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.path("skipped").fields(); it.hasNext(); ) {
      skipped += it.next().getValue().asInt();
    }
    if (skipped > 0) {
      b.append(", skipped ").append(skipped);
    }
    int failed = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.path("failed").fields(); it.hasNext(); ) {
      failed += it.next().getValue().asInt();
    }
    if (failed > 0) {
      b.append(", failed ").append(failed);
    }
    return b.toString();
  }

  private static String firstLine(String s, int max) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() <= max ? line : line.substring(0, max) + "...";
  }
}
