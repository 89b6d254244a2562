package dev.mirrorflow.receiver.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpReassemblerTest {
  private static final long GAP = 1_000_000;
  private final List<String> events = new ArrayList<>();
  private final TcpReassembler reassembler = new TcpReassembler(new TcpReassembler.Listener() {
    @Override
    public void data(FlowKey flow, byte[] data) {
      events.add(new String(data, StandardCharsets.US_ASCII));
    }

    @Override
    public void gap(FlowKey flow, long missing) {
      events.add("<gap " + missing + ">");
    }

    @Override
    public void closed(FlowKey flow) {
      events.add("<closed>");
    }
  }, GAP, 60_000_000, 1 << 20);
  private final FlowKey flow;

  TcpReassemblerTest() throws Exception {
    flow = new FlowKey(InetAddress.getByName("10.0.0.1"), 40000, InetAddress.getByName("10.0.0.2"), 80);
  }

  private void syn(long isn) {
    reassembler.segment(flow, isn, true, false, false, new byte[0], 0, 0, 0);
  }

  private void seg(long seq, String data, long now) {
    byte[] b = data.getBytes(StandardCharsets.US_ASCII);
    reassembler.segment(flow, seq & 0xFFFFFFFFL, false, false, false, b, 0, b.length, now);
  }

  @Test
  void segment_whenInOrder_deliversAsTheyCome() {
    syn(100);
    seg(101, "abc", 1);
    seg(104, "def", 2);
    assertThat(events).containsExactly("abc", "def");
  }

  @Test
  void segment_whenReordered_deliversInSequenceOrder() {
    syn(100);
    seg(107, "ghi", 1);
    seg(104, "def", 2);
    assertThat(events).isEmpty();
    seg(101, "abc", 3);
    assertThat(String.join("", events)).isEqualTo("abcdefghi");
    assertThat(reassembler.missingBytes()).isZero();
  }

  @Test
  void segment_whenRetransmittedOrOverlapping_deliversEachByteOnce() {
    syn(100);
    seg(101, "abc", 1);
    seg(101, "abc", 2);
    seg(102, "bcdef", 3);
    seg(104, "def", 4);
    seg(107, "g", 5);
    assertThat(String.join("", events)).isEqualTo("abcdefg");
    assertThat(reassembler.duplicateBytes()).isEqualTo(3 + 2 + 3);
  }

  @Test
  void expire_whenHoleOutlivesTimeout_reportsGapAndDeliversTheRest() {
    syn(100);
    seg(101, "abc", 0);
    seg(107, "ghi", 10);
    reassembler.expire(10 + GAP - 1);
    assertThat(events).containsExactly("abc");
    reassembler.expire(10 + GAP);
    assertThat(events).containsExactly("abc", "<gap 3>", "ghi");
    seg(104, "def", GAP + 20);
    assertThat(events).containsExactly("abc", "<gap 3>", "ghi");
    assertThat(reassembler.duplicateBytes()).isEqualTo(3);
  }

  @Test
  void segment_whenSequenceWrapsAround_staysInOrder() {
    syn(0xFFFFFFFEL);
    seg(0xFFFFFFFFL, "ab", 1);
    seg(0x00000003L, "ef", 2);
    seg(0x00000001L, "cd", 3);
    assertThat(String.join("", events)).isEqualTo("abcdef");
  }

  @Test
  void segment_whenFinAfterReorderedData_closesOnceAllArrived() {
    syn(100);
    byte[] fin = new byte[0];
    seg(101, "abc", 1);
    reassembler.segment(flow, 107, false, true, false, "ghi".getBytes(StandardCharsets.US_ASCII), 0, 3, 2);
    assertThat(events).containsExactly("abc");
    seg(104, "def", 3);
    assertThat(events).containsExactly("abc", "def", "ghi", "<closed>");
    assertThat(reassembler.openFlows()).isZero();
  }

  @Test
  void segment_whenReset_deliversWhatWaitsAndCloses() {
    syn(100);
    seg(101, "abc", 1);
    seg(107, "ghi", 2);
    reassembler.segment(flow, 110, false, false, true, new byte[0], 0, 0, 3);
    assertThat(events).containsExactly("abc", "<gap 3>", "ghi", "<closed>");
  }

  @Test
  void segment_whenNoSynSeen_startsAtFirstSegment() {
    seg(5000, "mid", 1);
    seg(5003, "dle", 2);
    assertThat(String.join("", events)).isEqualTo("middle");
  }
}
