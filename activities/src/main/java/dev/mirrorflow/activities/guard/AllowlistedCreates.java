package dev.mirrorflow.activities.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.session.CreateBatch;
import dev.mirrorflow.activities.session.CreateBatchResult;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;

/**
 * The CreateSessions step behind the allowlist: a batch whose target or filter is not allowed
 * creates nothing, and each of its ENIs is refused by name ({@value AllowedMirrorResources#TARGET_NOT_ALLOWED}
 * or {@value AllowedMirrorResources#FILTER_NOT_ALLOWED}), counted with EC2's refusals (so the
 * permanent-refusals alarm sees it). A registration can be edited outside add-vpc, so every batch
 * checks again.
 */
public final class AllowlistedCreates implements Function<CreateBatch, CreateBatchResult> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AllowedMirrorResources allowed;
  private final Function<CreateBatch, CreateBatchResult> creator;
  private final PrintStream log;

  public AllowlistedCreates(AllowedMirrorResources allowed, Function<CreateBatch, CreateBatchResult> creator,
      PrintStream log) {
    this.allowed = allowed;
    this.creator = creator;
    this.log = log;
  }

  @Override
  public CreateBatchResult apply(CreateBatch batch) {
    return allowed.refusal(batch.targetId(), batch.filterId()).map(code -> refuse(batch, code))
        .orElseGet(() -> creator.apply(batch));
  }

  private CreateBatchResult refuse(CreateBatch batch, String code) {
    log.println(JSON.createObjectNode().put("level", "ERROR").put("event", code)
        .put("cluster", batch.cluster()).put("vpcId", batch.vpcId()).put("subnetId", batch.subnetId())
        .put("targetId", batch.targetId()).put("filterId", batch.filterId())
        .put("notCreated", batch.items().size()).toString());
    return new CreateBatchResult(batch.subnetId(), 0, Map.of(code, batch.items().size()),
        batch.items().stream().map(i -> new CreateBatchResult.ItemFailure(i.eniId(), code)).toList());
  }
}
