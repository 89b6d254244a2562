/**
 * The local cloud's EC2 with VPC Traffic Mirroring, on the AWS query protocol: {@link
 * dev.mirrorflow.local.ec2.Ec2Service} (the wire protocol and admin API), {@link
 * dev.mirrorflow.local.ec2.Ec2World} (the state and AWS's rules), {@link
 * dev.mirrorflow.local.ec2.Ec2Knobs} (quotas, throttling, latency, faults) and {@link
 * dev.mirrorflow.local.ec2.Scenario} (a world as JSON).
 */
package dev.mirrorflow.local.ec2;
