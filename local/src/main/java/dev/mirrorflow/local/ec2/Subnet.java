package dev.mirrorflow.local.ec2;

/** A subnet of the local EC2. */
public record Subnet(String id, String vpcId, String cidrBlock, String availabilityZone, String ownerId) {}
