package dev.mirrorflow.receiver.replay;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Finds HTTP/1.x requests in reassembled TCP flows with Netty's {@link HttpRequestDecoder} and
 * {@link HttpObjectAggregator} in an {@link EmbeddedChannel} per flow. A flow whose bytes are not
 * HTTP requests (the server's responses, TLS, anything else) fails to decode once and is ignored from
 * then on, as is the reverse of a flow that carries requests. After a gap the flow's decoder starts
 * afresh at the next segment that starts with a request line; a request cut by the gap is counted
 * as lost.
 */
public final class HttpRequestExtractor implements TcpReassembler.Listener {
  private final Consumer<CapturedRequest> requests;
  private final Consumer<String> lost;
  private final LongSupplier nowMicros;
  private final int maxBodyBytes;
  private final Map<FlowKey, EmbeddedChannel> decoders = new HashMap<>();
  private final Set<FlowKey> ignored = new HashSet<>();
  private final Set<FlowKey> resyncing = new HashSet<>();

  /**
   * @param requests gets each whole request
   * @param lost hears why a request was lost: {@code gap} (bytes missing), {@code too_large} (a
   *     header line over Netty's limits), {@code incomplete} (the flow ended mid-request)
   */
  public HttpRequestExtractor(Consumer<CapturedRequest> requests, Consumer<String> lost, LongSupplier nowMicros,
      int maxBodyBytes) {
    this.requests = requests;
    this.lost = lost;
    this.nowMicros = nowMicros;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void data(FlowKey flow, byte[] data) {
    if (ignored.contains(flow)) {
      return;
    }
    if (resyncing.contains(flow)) {
      // after a gap, wait for a segment that starts a request: small requests start segments
      if (!startsRequest(data)) {
        return;
      }
      resyncing.remove(flow);
    }
    EmbeddedChannel channel = decoders.computeIfAbsent(flow, f -> newChannel());
    channel.attr(PROGRESS).get().unfinished += data.length;
    channel.writeInbound(Unpooled.wrappedBuffer(data));
    read(flow, channel);
  }

  @Override
  public void gap(FlowKey flow, long missing) {
    EmbeddedChannel channel = decoders.remove(flow);
    if (channel != null) {
      if (midRequest(channel)) {
        lost.accept("gap");
      }
      discard(channel);
      resyncing.add(flow);
    }
  }

  @Override
  public void closed(FlowKey flow) {
    ignored.remove(flow);
    resyncing.remove(flow);
    EmbeddedChannel channel = decoders.remove(flow);
    if (channel != null) {
      boolean partial = midRequest(channel);
      try {
        channel.finish();
      } catch (RuntimeException cutShort) {
        // the aggregator's PrematureChannelClosureException: the request is counted just below
      }
      read(flow, channel);
      if (partial) {
        lost.accept("incomplete");
      }
      discard(channel);
    }
  }

  private static final List<String> METHODS =
      List.of("GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "PATCH ", "TRACE ", "CONNECT ");

  private static boolean startsRequest(byte[] data) {
    String start = new String(data, 0, Math.min(8, data.length), java.nio.charset.StandardCharsets.US_ASCII);
    return METHODS.stream().anyMatch(start::startsWith);
  }

  private EmbeddedChannel newChannel() {
    Decoder decoder = new Decoder();
    Progress progress = new Progress(decoder);
    EmbeddedChannel channel = new EmbeddedChannel(decoder, progress, new HttpObjectAggregator(maxBodyBytes));
    channel.attr(PROGRESS).set(progress);
    return channel;
  }

  private static boolean midRequest(EmbeddedChannel channel) {
    return channel.attr(PROGRESS).get().unfinished > 0;
  }

  /** Counts the bytes fed since the last whole request, so a flow cut mid-request can be told apart. */
  private static final class Progress extends ChannelInboundHandlerAdapter {
    private final Decoder decoder;
    long unfinished;

    Progress(Decoder decoder) {
      this.decoder = decoder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof LastHttpContent) {
        unfinished = decoder.leftover();
      }
      ctx.fireChannelRead(msg);
    }
  }

  private static final class Decoder extends HttpRequestDecoder {
    int leftover() {
      return actualReadableBytes();
    }
  }

  private static final AttributeKey<Progress> PROGRESS = AttributeKey.valueOf("mirrorflow.progress");

  private void read(FlowKey flow, EmbeddedChannel channel) {
    Object message;
    while ((message = channel.readInbound()) != null) {
      try {
        if (message instanceof FullHttpRequest request) {
          if (request.decoderResult().isFailure()) {
            boolean tooLarge = request.decoderResult().cause() instanceof io.netty.handler.codec.TooLongFrameException;
            if (tooLarge) {
              lost.accept("too_large");
            }
            ignore(flow, channel);
            return;
          }
          List<Map.Entry<String, String>> headers = new ArrayList<>();
          request.headers().forEach(h -> headers.add(new AbstractMap.SimpleImmutableEntry<>(h.getKey(), h.getValue())));
          requests.accept(new CapturedRequest(flow, request.method().name(), request.uri(),
              request.protocolVersion().text(), headers, ByteBufUtil.getBytes(request.content()), nowMicros.getAsLong()));
          ignored.add(flow.reverse());
          EmbeddedChannel reverse = decoders.remove(flow.reverse());
          if (reverse != null) {
            discard(reverse);
          }
        } else {
          // the aggregator hands over only whole requests; anything else is a decoding failure
          ignore(flow, channel);
          return;
        }
      } finally {
        ReferenceCountUtil.release(message);
      }
    }
  }

  /** Closes a flow's decoder; one closed mid-request complains, and the caller has counted that. */
  private static void discard(EmbeddedChannel channel) {
    try {
      channel.finishAndReleaseAll();
    } catch (RuntimeException cutShort) {
      channel.releaseInbound();
    }
  }

  private void ignore(FlowKey flow, EmbeddedChannel channel) {
    decoders.remove(flow);
    discard(channel);
    ignored.add(flow);
  }
}
