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
public record DeleteBatch(String cluster, String vpcId, String subnetId, List<DeleteItem> items) {
  public DeleteBatch {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    Ids.subnet(subnetId);
    items = List.copyOf(Ids.required("items", items));
  }

  /** One owned session to delete, and its source ENI (where the step looks the session up). */
  public record DeleteItem(String sessionId, String eniId) {
    public DeleteItem {
      Ids.session(sessionId);
      Ids.eni(eniId);
    }
  }
}
