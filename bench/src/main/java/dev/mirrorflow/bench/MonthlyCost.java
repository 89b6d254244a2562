package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Figure 3: what one VPC costs a month at a one-minute cadence, from an idle scan's measured counts
 * and durations, at AWS's public on-demand prices for us-east-1 as published on the pricing pages
 * on 2026-11-21 (free tiers ignored; EC2 API calls and EventBridge schedules are free).
 */
final class MonthlyCost {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PRICES_AS_OF = "2026-11-21 (aws.amazon.com/step-functions/pricing, /lambda/pricing; us-east-1)";
  /** Step Functions Standard: $0.025 per 1,000 state transitions. */
  static final double STANDARD_PER_TRANSITION = 0.025 / 1000;
  /** Step Functions Express: $1.00 per million requests. */
  static final double EXPRESS_PER_REQUEST = 1.00 / 1_000_000;
  /** Step Functions Express: $0.00001667 per GB-second (first 1,000 GB-hours), billed per 100 ms, 64 MB chunks. */
  static final double EXPRESS_PER_GB_SECOND = 0.00001667;
  static final double EXPRESS_MEMORY_GB = 64.0 / 1024;
  /** Lambda arm64: $0.20 per million requests. */
  static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
  /** Lambda arm64: $0.0000133334 per GB-second (first 7.5 billion GB-seconds), billed per 1 ms. */
  static final double LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
  /** The deployed functions' memory (infra: 1024 MB). */
  static final double LAMBDA_MEMORY_GB = 1.0;
  /** Runs a month at one a minute (30 days). */
  static final double RUNS_PER_MONTH = 30 * 24 * 60;

  /**
   * @param idle an idle scan's figures
   * @param deployedType the type the scheduled scan is deployed as (workflow-types.json's scan-vpc)
   */
  static ObjectNode of(ObjectNode idle, String deployedType) {
    double invocations = idle.path("lambdaInvocations").asDouble();
    double lambdaSeconds = idle.path("lambdaMillis").asDouble() / 1000;
    double transitions = idle.path("stateTransitions").asDouble();
    double wallSeconds = idle.path("wallMillis").asDouble() / 1000;
    double lambda = RUNS_PER_MONTH * (invocations * LAMBDA_PER_REQUEST + lambdaSeconds * LAMBDA_MEMORY_GB * LAMBDA_ARM_PER_GB_SECOND);
    double expressBilledSeconds = Math.ceil(wallSeconds * 10) / 10;
    double express = RUNS_PER_MONTH * (EXPRESS_PER_REQUEST + expressBilledSeconds * EXPRESS_MEMORY_GB * EXPRESS_PER_GB_SECOND);
    double standard = RUNS_PER_MONTH * transitions * STANDARD_PER_TRANSITION;
    ObjectNode out = JSON.createObjectNode();
    out.put("pricesAsOf", PRICES_AS_OF).put("runsPerMonth", RUNS_PER_MONTH)
        .put("lambdaUsd", lambda).put("expressWorkflowUsd", express).put("standardWorkflowUsd", standard)
        .put("totalIfExpress", lambda + express).put("totalIfStandard", lambda + standard)
        .put("deployedType", deployedType).put("measuredWorkflow", idle.path("workflow").asText());
    return out;
  }
}
