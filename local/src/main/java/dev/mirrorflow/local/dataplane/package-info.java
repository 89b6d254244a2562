/**
 * The local cloud's data plane: packets injected on an ENI go through its mirror sessions' filters,
 * as AWS documents Traffic Mirroring, and the mirrored ones reach the session's target as VXLAN over
 * UDP on the loopback address.
 */
package dev.mirrorflow.local.dataplane;
