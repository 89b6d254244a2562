package dev.mirrorflow.receiver.packet;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A whole TCP conversation as frames: three-way handshake, the client's bytes, the server's answer,
 * and both FINs, cut into segments of at most {@code mss} bytes, each acknowledged as TCP would.
 */
public final class TcpConversation {

  /** One frame of the conversation and who sent it. */
  public record Segment(byte[] frame, boolean fromClient) {}

  private TcpConversation() {}

  public static List<Segment> of(InetAddress client, int clientPort, InetAddress server, int serverPort,
      byte[] request, byte[] response, int mss, long clientIsn, long serverIsn) {
    if (mss < 1) {
      throw new IllegalArgumentException("a segment carries at least 1 byte, got mss " + mss);
    }
    List<Segment> out = new ArrayList<>();
    long c = clientIsn & 0xFFFFFFFFL;
    long s = serverIsn & 0xFFFFFFFFL;
    out.add(new Segment(Frames.tcp(client, clientPort, server, serverPort, c, 0, InnerPacket.SYN, new byte[0]), true));
    out.add(new Segment(Frames.tcp(server, serverPort, client, clientPort, s, c + 1,
        InnerPacket.SYN | InnerPacket.ACK, new byte[0]), false));
    c += 1;
    s += 1;
    out.add(new Segment(Frames.tcp(client, clientPort, server, serverPort, c, s, InnerPacket.ACK, new byte[0]), true));
    for (int i = 0; i < request.length; i += mss) {
      byte[] chunk = Arrays.copyOfRange(request, i, Math.min(request.length, i + mss));
      out.add(new Segment(Frames.tcp(client, clientPort, server, serverPort, c, s, InnerPacket.ACK | 0x08, chunk), true));
      c += chunk.length;
    }
    for (int i = 0; i < response.length; i += mss) {
      byte[] chunk = Arrays.copyOfRange(response, i, Math.min(response.length, i + mss));
      out.add(new Segment(Frames.tcp(server, serverPort, client, clientPort, s, c, InnerPacket.ACK | 0x08, chunk), false));
      s += chunk.length;
    }
    out.add(new Segment(Frames.tcp(client, clientPort, server, serverPort, c, s, InnerPacket.FIN | InnerPacket.ACK, new byte[0]), true));
    out.add(new Segment(Frames.tcp(server, serverPort, client, clientPort, s, c + 1, InnerPacket.FIN | InnerPacket.ACK, new byte[0]), false));
    out.add(new Segment(Frames.tcp(client, clientPort, server, serverPort, c + 1, s + 1, InnerPacket.ACK, new byte[0]), true));
    return out;
  }
}
