package dev.mirrorflow.activities.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.session.CreateBatch;
import dev.mirrorflow.activities.session.DeleteBatch;
import java.util.List;

/**
 * Output of the PlanSubnet step: one round of work as compact batches, deletes first.
 *
 * <pre>{@code
 * {"cluster","vpcId","subnetId","config":{...},"tally":{...},
 *  "deleteBatches":[{DeleteBatch}],"createBatches":[{CreateBatch}],"remaining":0,"hasMore":false}
 * }</pre>
 *
 * @param cluster capture cluster
 * @param vpcId the VPC
 * @param subnetId the subnet
 * @param config the VPC's config, passed on to the next round
 * @param tally what earlier rounds did, passed on
 * @param deleteBatches owned sessions to delete, in batches (run these first)
 * @param createBatches sessions to create, in batches
 * @param remaining actions planned but left for the next round
 * @param hasMore whether the state machine should plan this subnet again after this round
 * @param purge remove-vpc's purge mode, passed on to the next round
 */
public record PlanSubnetResult(
    String cluster,
    String vpcId,
    String subnetId,
    // Always written, null in purge mode: the state machine passes $.config on and needs the path.
    @JsonInclude(JsonInclude.Include.ALWAYS) VpcMirroringConfig config,
    SubnetTally tally,
    List<DeleteBatch> deleteBatches,
    List<CreateBatch> createBatches,
    int remaining,
    boolean hasMore,
    boolean purge) {}
