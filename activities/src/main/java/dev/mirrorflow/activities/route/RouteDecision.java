package dev.mirrorflow.activities.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mirrorflow.activities.registry.RegistrationState;
import java.util.List;

/**
 * Output of the RouteEvent step: either reconcile {@code subnetIds} of {@code vpcId} (as execution
 * {@code executionName} of reconcile-vpc, input {@code reconcileInput}), or ignore the event, and why.
 *
 * <pre>{@code
 * {"action":"reconcile","reason":"vpcActive","eventId":"...","resource":"i-...","cluster":"demo",
 *  "vpcId":"vpc-...","subnetIds":["subnet-..."],"executionName":"vpc-...-event-subnet-...-<window>",
 *  "reconcileInput":{"cluster":"demo","vpcId":"vpc-...","subnetIds":["subnet-..."],"notBefore":"2026-...Z"}}
 * {"action":"ignore","reason":"vpcNotRegistered","eventId":"...","resource":"i-...","cluster":"demo","vpcId":"vpc-..."}
 * }</pre>
 *
 * @param action {@value #RECONCILE}, {@value #RECONCILE_EACH} or {@value #IGNORE}
 * @param reason {@code vpcActive} for a reconcile; else why the event changes nothing: {@code
 *     instanceNotFound} (gone, or no longer in a VPC), {@code instanceNotVisible} (set by the workflow:
 *     EC2 still did not describe it after the retries), {@code subnetNotFound}, {@code
 *     noNetworkAttachment} (a task without awsvpc ENIs), {@code vpcNotRegistered}, {@code vpcNotActive},
 *     {@code ownCall} (an API call Mirrorflow made), {@code callFailed} (an API call that failed), {@code callNotRouted} (an
 *     API call the state-change pattern does not ask for, let through by a member's forwarding rule);
 *     {@code notLocatable} for a {@value #RECONCILE_EACH}
 * @param eventId the EventBridge event id
 * @param resource the instance id or task ARN the event is about
 * @param cluster the capture cluster
 * @param vpcId the VPC involved, when known
 * @param subnetIds the subnets to reconcile (only for a reconcile)
 * @param executionName the reconcile's execution name, {@code <vpcId>-event-<subnets>-<window>} (see
 *     {@link Coalescing}): every event about the same subnets routed within one window names the same
 *     reconcile, with the same input, so Step Functions starts it once
 * @param reconcileInput the reconcile's input
 * @param reconciles for {@value #RECONCILE_EACH}: one whole-VPC reconcile per registered VPC, each
 *     named {@code <vpcId>-event-vpc-<window>}, for an API call that names nothing the router can
 *     locate (a session deleted by hand, an ENI detached)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteDecision(
    String action,
    String reason,
    String eventId,
    String resource,
    String cluster,
    String vpcId,
    List<String> subnetIds,
    String executionName,
    ReconcileInput reconcileInput,
    List<Reconcile> reconciles) {

  public static final String RECONCILE = "reconcile";
  public static final String RECONCILE_EACH = "reconcileEach";

  /** One reconcile to start: its execution name and input. */
  public record Reconcile(String executionName, ReconcileInput reconcileInput) {}
  public static final String IGNORE = "ignore";

  /**
   * The input of reconcile-vpc for some subnets of a VPC.
   *
   * @param notBefore when the coalescing window closes (ISO-8601): the reconcile waits until then
   *     before it reads the subnets, so that it sees every event merged into it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ReconcileInput(String cluster, String vpcId, List<String> subnetIds, String notBefore) {
    /** {@code subnetIds} null: the whole VPC. */
    public ReconcileInput {
      subnetIds = subnetIds == null ? null : List.copyOf(subnetIds);
    }
  }

  static RouteDecision ignore(String reason, StateChange change, String cluster, String vpcId) {
    return new RouteDecision(IGNORE, reason, change.eventId(), change.resource(), cluster, vpcId, null, null, null, null);
  }

  static RouteDecision reconcile(
      StateChange change, String cluster, String vpcId, List<String> subnetIds, Coalescing.Window window) {
    return new RouteDecision(RECONCILE, RegistrationState.ACTIVE.code(), change.eventId(), change.resource(), cluster,
        vpcId, List.copyOf(subnetIds), Coalescing.executionName(vpcId, subnetIds, window),
        new ReconcileInput(cluster, vpcId, subnetIds, window.end().toString()), null);
  }

  static RouteDecision reconcileEach(StateChange change, String cluster, List<String> vpcIds, Coalescing.Window window) {
    List<Reconcile> each = vpcIds.stream()
        .map(vpc -> new Reconcile(vpc + "-event-vpc-" + window.index(),
            new ReconcileInput(cluster, vpc, null, window.end().toString())))
        .toList();
    return new RouteDecision(RECONCILE_EACH, "notLocatable", change.eventId(), change.resource(), cluster, null, null,
        null, null, each);
  }
}
