package dev.mirrorflow.local.ec2;

/**
 * A Traffic Mirroring target: exactly one of an instance's ENI, a Network Load Balancer or a Gateway
 * Load Balancer endpoint.
 *
 * @param type {@code network-interface}, {@code network-load-balancer} or {@code
 *     gateway-load-balancer-endpoint}
 */
public record MirrorTarget(
    String id,
    String type,
    String networkInterfaceId,
    String networkLoadBalancerArn,
    String gatewayLoadBalancerEndpointId,
    String description,
    String ownerId) {}
