package dev.mirrorflow.activities.ec2;

/**
 * A session to create, with everything CreateTrafficMirrorSession needs.
 *
 * @param cluster owner, written as {@link MirrorTags#CLUSTER}
 * @param vpcId written as {@link MirrorTags#VPC}
 * @param subnetId written as {@link MirrorTags#SUBNET}
 * @param eniId source ENI
 * @param targetId traffic mirror target
 * @param filterId traffic mirror filter
 * @param sessionNumber 1..32766
 * @param virtualNetworkId VNI, or null for AWS's random one
 * @param packetLength or null for the whole packet
 * @param clientToken idempotency token, see {@link ClientTokens}
 */
public record NewSession(
    String cluster,
    String vpcId,
    String subnetId,
    String eniId,
    String targetId,
    String filterId,
    int sessionNumber,
    Integer virtualNetworkId,
    Integer packetLength,
    String clientToken) {}
