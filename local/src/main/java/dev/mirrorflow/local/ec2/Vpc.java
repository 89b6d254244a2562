package dev.mirrorflow.local.ec2;

/** A VPC of the local EC2. */
public record Vpc(String id, String cidrBlock, boolean isDefault, String ownerId) {}
