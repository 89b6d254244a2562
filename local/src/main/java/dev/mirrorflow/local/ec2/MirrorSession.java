package dev.mirrorflow.local.ec2;

/**
 * A Traffic Mirroring session: the traffic of one source ENI, through a filter, to a target.
 *
 * @param packetLength bytes of each packet to mirror, or null for the whole packet
 */
public record MirrorSession(
    String id,
    String networkInterfaceId,
    String targetId,
    String filterId,
    int sessionNumber,
    int virtualNetworkId,
    Integer packetLength,
    String description,
    String ownerId) {}
