package dev.mirrorflow.activities.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Output of the PlanVpc step: only the subnets that have work, with counts, and the VPC's totals.
 * Never a listing of the VPC, so it stays far below Step Functions' 256 KiB.
 *
 * <pre>{@code
 * {"cluster":"demo","vpcId":"vpc-...","dryRun":false,"purge":false,"config":{...},"hasWork":true,
 *  "subnets":[{"subnetId":"subnet-...","creates":3,"deletes":1}],
 *  "totals":{"create":3,"delete":1,"kept":40,"skipped":{"notInterfaceType":5}}}
 * }</pre>
 *
 * @param cluster capture cluster
 * @param vpcId the VPC
 * @param dryRun whether the reconcile only plans
 * @param purge whether this is remove-vpc's purge (then {@code config} is null)
 * @param config the VPC's config, passed on to PlanSubnet so that it is read once per reconcile
 * @param hasWork whether any subnet has anything to create or delete
 * @param subnets subnets with work
 * @param totals counts for the whole planned scope
 */
public record PlanVpcResult(
    String cluster,
    String vpcId,
    boolean dryRun,
    boolean purge,
    // Always written, null in purge mode: the state machine passes $.config on and needs the path.
    @JsonInclude(JsonInclude.Include.ALWAYS) VpcMirroringConfig config,
    boolean hasWork,
    List<SubnetWork> subnets,
    PlanTotals totals) {

  /** A subnet with work: how many sessions to create and delete there. */
  public record SubnetWork(String subnetId, int creates, int deletes) {}

  /**
   * Counts of a plan.
   *
   * @param create sessions to create
   * @param delete owned sessions to delete
   * @param kept owned sessions already right
   * @param skipped ENIs without a session, by reason
   */
  public record PlanTotals(int create, int delete, int kept, Map<String, Integer> skipped) {
    public PlanTotals {
      skipped = skipped == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(skipped));
    }
  }
}
