package dev.mirrorflow.activities.session;

import dev.mirrorflow.activities.input.Ids;
import java.util.List;

/**
 * Input of the DeleteSessions step: owned sessions to delete in one subnet.
 *
 * <pre>{@code
 * {"cluster":"demo","vpcId":"vpc-...","subnetId":"subnet-...","items":[{"sessionId":"tms-...","eniId":"eni-..."}]}
 * }</pre>
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record DeleteBatch(String cluster, String vpcId, String subnetId, List<DeleteItem> items, String account) {
  public DeleteBatch {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    Ids.subnet(subnetId);
    items = List.copyOf(Ids.required("items", items));
  }

  /** A batch in the hub's own account. */
  public DeleteBatch(String cluster, String vpcId, String subnetId, List<DeleteItem> items) {
    this(cluster, vpcId, subnetId, items, null);
  }

  /** One owned session to delete, and its source ENI (where the step looks the session up). */
  public record DeleteItem(String sessionId, String eniId) {
    public DeleteItem {
      Ids.session(sessionId);
      Ids.eni(eniId);
    }
  }
}
