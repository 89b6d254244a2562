package dev.mirrorflow.activities.cluster;

import java.util.Map;

/**
 * The cluster's one scan-request rule on its own bus ({@link ClusterNames#scanRequestRule}): every
 * "Scan Requested" event starts scan-vpc for the VPC named by {@code detail.vpcId}, whatever the
 * number of registered VPCs. scan-vpc ends quietly for a VPC that is not registered and fails with
 * a named error for a malformed id. The CDK app and the local deployer both build the rule from here.
 */
public final class ScanRequestRule {
  private ScanRequestRule() {}

  /** The {@code source} of a scan request. */
  public static final String SOURCE = "mirrorflow";
  /** The {@code detail-type} of a scan request. */
  public static final String DETAIL_TYPE = "Scan Requested";
  /** The rule's event pattern. */
  public static final String PATTERN =
      "{\"source\":[\"" + SOURCE + "\"],\"detail-type\":[\"" + DETAIL_TYPE + "\"]}";
  /** The input transformer's paths: the requested VPC. */
  public static final Map<String, String> INPUT_PATHS = Map.of("vpcId", "$.detail.vpcId");

  /**
   * The input transformer's template: scan-vpc's input {@code {cluster, vpcId}}. The VPC id is
   * quoted, so that whatever the request holds, scan-vpc gets JSON and checks the id itself.
   */
  public static String inputTemplate(String cluster) {
    return "{\"cluster\":\"" + cluster + "\",\"vpcId\":\"<vpcId>\"}";
  }
}
