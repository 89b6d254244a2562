package dev.mirrorflow.receiver.replay;

import java.net.InetAddress;

/** One direction of a TCP connection. */
public record FlowKey(InetAddress source, int sourcePort, InetAddress destination, int destinationPort) {

  public FlowKey reverse() {
    return new FlowKey(destination, destinationPort, source, sourcePort);
  }

  @Override
  public String toString() {
    return source.getHostAddress() + ":" + sourcePort + " > " + destination.getHostAddress() + ":" + destinationPort;
  }
}
