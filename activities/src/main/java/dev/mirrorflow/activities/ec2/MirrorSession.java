package dev.mirrorflow.activities.ec2;

import java.util.Map;

/**
 * An existing traffic mirror session, ours or someone else's.
 *
 * @param sessionId {@code tms-...}
 * @param eniId the source ENI
 * @param targetId traffic mirror target
 * @param filterId traffic mirror filter
 * @param sessionNumber 1..32766
 * @param virtualNetworkId the VNI (AWS always reports one)
 * @param packetLength bytes mirrored per packet, or null for the whole packet
 * @param tags its tags; {@link MirrorTags#CLUSTER} marks the owner
 */
public record MirrorSession(
    String sessionId,
    String eniId,
    String targetId,
    String filterId,
    int sessionNumber,
    Integer virtualNetworkId,
    Integer packetLength,
    Map<String, String> tags) {

  public MirrorSession {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** Whether this session carries the ownership tag of {@code cluster}. */
  public boolean ownedBy(String cluster) {
    return cluster.equals(tags.get(MirrorTags.CLUSTER));
  }
}
