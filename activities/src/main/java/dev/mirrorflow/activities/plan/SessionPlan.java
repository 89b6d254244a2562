package dev.mirrorflow.activities.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.mirrorflow.activities.eni.SkipReason;
import java.util.List;

/**
 * What a reconcile must do: sessions to create, owned sessions to delete, owned sessions to keep,
 * and ENIs that get no session with the reason. Deletes go before creates: a replacement may reuse
 * the session number (and the slot) of the session it replaces.
 *
 * @param creates sessions to create
 * @param deletes owned sessions to delete
 * @param keeps owned sessions that are exactly as wanted
 * @param skipped ENIs that get no session
 */
public record SessionPlan(
    List<SessionToCreate> creates, List<SessionToDelete> deletes, List<KeptSession> keeps, List<SkippedEni> skipped) {

  public SessionPlan {
    creates = List.copyOf(creates);
    deletes = List.copyOf(deletes);
    keeps = List.copyOf(keeps);
    skipped = List.copyOf(skipped);
  }

  /** Whether the plan changes anything. */
  public boolean hasWork() {
    return !creates.isEmpty() || !deletes.isEmpty();
  }

  /**
   * A session to create on an eligible ENI.
   *
   * @param eniId source ENI
   * @param subnetId its subnet
   * @param instanceType its instance's type, if known (remembered if EC2 refuses the ENI)
   * @param sessionNumber the configured number, or the next free one when a foreign session has it
   */
  public record SessionToCreate(String eniId, String subnetId, String instanceType, int sessionNumber) {}

  /**
   * An owned session to delete.
   *
   * @param sessionId the session
   * @param eniId its source ENI
   * @param subnetId its subnet
   * @param reason why
   */
  public record SessionToDelete(String sessionId, String eniId, String subnetId, DeleteReason reason) {}

  /** An owned session that stays. */
  public record KeptSession(String sessionId, String eniId, String subnetId) {}

  /** An ENI that gets no session. */
  public record SkippedEni(String eniId, String subnetId, SkipReason reason) {}

  /** Why an owned session goes. */
  public enum DeleteReason {
    /** Its ENI is no longer eligible (tags, type, ...). */
    ENI_NOT_ELIGIBLE("eniNotEligible"),
    /** Its target, filter, VNI, packet length or number no longer match the config; it is replaced. */
    OUTDATED("outdated"),
    /** Another owned session on the same ENI is kept. */
    DUPLICATE("duplicate"),
    /** remove-vpc is deregistering the VPC: no session is wanted. */
    VPC_REMOVED("vpcRemoved");

    private final String code;

    DeleteReason(String code) {
      this.code = code;
    }

    @JsonValue
    public String code() {
      return code;
    }
  }
}
