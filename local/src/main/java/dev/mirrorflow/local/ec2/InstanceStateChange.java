package dev.mirrorflow.local.ec2;

/** One instance state transition, as EC2 reports it in state-change events and Start/Stop/Terminate answers. */
public record InstanceStateChange(String instanceId, String previousState, String currentState) {}
