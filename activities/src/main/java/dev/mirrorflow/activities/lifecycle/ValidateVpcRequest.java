package dev.mirrorflow.activities.lifecycle;

import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.input.InvalidInputException;
import java.util.Map;

/**
 * Input of the ValidateVpcRequest step, as add-vpc.asl.json and remove-vpc.asl.json build it around
 * the execution's own input:
 *
 * <pre>{@code
 * {"cluster":"<${ClusterName}>","action":"add"|"remove"|"confirm-remove",
 *  "request":{"cluster":"demo"?,"vpcId":"vpc-...","config":{"targetId"?,"filterId"?,"virtualNetworkId"?,
 *             "sessionNumber"?,"packetLength"?,"includeTags"?,"excludeTags"?}?},
 *  "defaultTargetId":"<${DefaultTargetId}>","defaultFilterId":"<${DefaultFilterId}>"}
 * }</pre>
 *
 * @param cluster the cluster whose state machine runs (the request may name it too; it must agree)
 * @param action {@code add}, {@code remove}, or {@code confirm-remove} (remove-vpc, before it deregisters)
 * @param request the execution's input
 * @param defaultTargetId the cluster's default mirror target, empty when it has none
 * @param defaultFilterId the cluster's default mirror filter, empty when it has none
 */
public record ValidateVpcRequest(
    String cluster, String action, Request request, String defaultTargetId, String defaultFilterId) {

  /** add-vpc's action. */
  public static final String ADD = "add";
  /** remove-vpc's action. */
  public static final String REMOVE = "remove";
  /** remove-vpc's last check before it deregisters: its gate is still closed. */
  public static final String CONFIRM_REMOVE = "confirm-remove";

  public ValidateVpcRequest {
    Ids.cluster(cluster);
    if (!ADD.equals(action) && !REMOVE.equals(action) && !CONFIRM_REMOVE.equals(action)) {
      throw new InvalidInputException("action must be 'add', 'remove' or 'confirm-remove', got '" + action + "'");
    }
    Ids.required("request", request);
    if (request.cluster() != null && !request.cluster().equals(cluster)) {
      throw new InvalidInputException("this workflow belongs to cluster '" + cluster + "', but the input names cluster '"
          + request.cluster() + "': start the workflow of cluster '" + request.cluster() + "' (or drop the field)");
    }
    Ids.vpc(request.vpcId());
  }

  /**
   * What the user asked for.
   *
   * @param cluster the cluster, optional
   * @param vpcId the VPC
   * @param config add-vpc only: the mirroring config, every field optional
   */
  public record Request(String cluster, String vpcId, ConfigRequest config) {}

  /** The config as asked for: absent target and filter fall back to the cluster's defaults. */
  public record ConfigRequest(
      String targetId,
      String filterId,
      Integer virtualNetworkId,
      Integer sessionNumber,
      Integer packetLength,
      Map<String, String> includeTags,
      Map<String, String> excludeTags,
      Boolean mirrorManagedDatabases,
      String account) {

    /** A config asked for in the hub's own account. */
    public ConfigRequest(String targetId, String filterId, Integer virtualNetworkId, Integer sessionNumber,
        Integer packetLength, Map<String, String> includeTags, Map<String, String> excludeTags,
        Boolean mirrorManagedDatabases) {
      this(targetId, filterId, virtualNetworkId, sessionNumber, packetLength, includeTags, excludeTags,
          mirrorManagedDatabases, null);
    }
  }
}
