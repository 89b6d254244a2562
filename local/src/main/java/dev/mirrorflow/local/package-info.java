/** The embedded local cloud: EC2 with Traffic Mirroring, Step Functions, EventBridge and Lambda on one loopback port. */
package dev.mirrorflow.local;
