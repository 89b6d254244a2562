package dev.mirrorflow.activities.route;

import java.util.List;

/**
 * Every VPC registered with a cluster. The router asks only for an API call that names nothing it
 * can locate (a session deleted by hand names only the session, a detach only the attachment): rare
 * calls, for which one listing beats waiting for the scan.
 */
@FunctionalInterface
public interface RegisteredVpcs {
  /**
   * The ids of the VPCs registered with {@code cluster} (active or not: a reconcile of an inactive
   * one finds its gate closed and does nothing).
   *
   * @throws dev.mirrorflow.activities.registry.TransientRegistryException when the store cannot answer right now
   */
  List<String> vpcIds(String cluster);
}
