package dev.mirrorflow.receiver.replay;

import dev.mirrorflow.receiver.ReceiverMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Sends captured requests to the replay target with the JDK's HTTP client, asynchronously, after the
 * policy's filters and limits; counts every outcome (also in the receiver's metrics).
 */
public final class ReplayClient implements AutoCloseable {
  /**
   * Whether requests can carry their own Host header. The JDK's client refuses it unless the
   * property {@code jdk.httpclient.allowRestrictedHeaders} names {@code host} when its classes load
   * (set here when this class loads first; {@code ./mirrorflow} passes it on the command line).
   * Without it, requests go with the target's authority as Host.
   */
  private static final boolean HOST_SETTABLE;

  static {
    if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }
    boolean settable;
    try {
      HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "probe");
      settable = true;
    } catch (IllegalArgumentException restricted) {
      settable = false;
    }
    HOST_SETTABLE = settable;
  }

  /** Whether the Host header can be kept or rewritten in this JVM (see {@link #HOST_SETTABLE}). */
  public static boolean hostHeaderSupported() {
    return HOST_SETTABLE;
  }

  /** Hop-by-hop and framing headers: the client sets its own. */
  private static final Set<String> NOT_COPIED = Set.of("connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "proxy-connection", "te", "trailer", "http2-settings");

  private final ReplayPolicy policy;
  private final ReceiverMetrics metrics;
  private final HttpClient client;
  private final Semaphore inFlight;
  private final AtomicLong replayed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder responseNanos = new LongAdder();
  private long matched;
  private double tokens;
  private final LongSupplier nanoClock;
  private long lastRefillNanos;

  public ReplayClient(ReplayPolicy policy, ReceiverMetrics metrics) {
    this(policy, metrics, System::nanoTime);
  }

  /** With the clock the rate limit reads (tests). */
  ReplayClient(ReplayPolicy policy, ReceiverMetrics metrics, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.lastRefillNanos = nanoClock.getAsLong();
    this.policy = policy;
    this.metrics = metrics;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    this.inFlight = new Semaphore(policy.maxInFlight());
    this.tokens = burst();
  }

  /** Filters, limits and sends one request (returns at once; the answer is counted when it comes). */
  public void replay(CapturedRequest request) {
    if (!policy.methods().isEmpty() && !policy.methods().contains(request.method().toUpperCase(Locale.ROOT))) {
      skip("method");
      return;
    }
    if (!policy.pathPrefixes().isEmpty() && policy.pathPrefixes().stream().noneMatch(p -> request.path().startsWith(p))) {
      skip("path");
      return;
    }
    long n = matched++;
    if (Math.floor((n + 1) * policy.percent() / 100) == Math.floor(n * policy.percent() / 100)) {
      skip("percent");
      return;
    }
    if (policy.ratePerSecond() > 0 && !takeToken()) {
      skip("rate");
      return;
    }
    HttpRequest outgoing;
    try {
      outgoing = build(request);
    } catch (IllegalArgumentException e) {
      skip("unsendable");
      return;
    }
    if (!inFlight.tryAcquire()) {
      skip("backlog");
      return;
    }
    long started = System.nanoTime();
    client.sendAsync(outgoing, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      try {
        if (error != null) {
          failed.incrementAndGet();
          metrics.replayOutcome("failed");
        } else {
          responseNanos.add(System.nanoTime() - started);
          replayed.incrementAndGet();
          statuses.computeIfAbsent(response.statusCode(), c -> new LongAdder()).increment();
          metrics.replayOutcome("replayed");
          metrics.replayStatus(response.statusCode());
        }
      } finally {
        inFlight.release();
      }
    });
  }

  /** Counts a request lost before it could be considered (a gap, the flow ended mid-request). */
  public void skip(String reason) {
    skipped.computeIfAbsent(reason, r -> new LongAdder()).increment();
    metrics.replayOutcome("skipped_" + reason);
  }

  public ReplayReport report() {
    Map<String, Long> s = new TreeMap<>();
    skipped.forEach((k, v) -> s.put(k, v.sum()));
    Map<Integer, Long> c = new TreeMap<>();
    statuses.forEach((k, v) -> c.put(k, v.sum()));
    long answered = replayed.get();
    return new ReplayReport(answered, failed.get(), s, c, answered == 0 ? 0 : responseNanos.sum() / 1e6 / answered);
  }

  /** Waits (up to {@code timeout}) for every request in flight to be answered or to fail. */
  @Override
  public void close() {
    try {
      if (inFlight.tryAcquire(policy.maxInFlight(), 30, TimeUnit.SECONDS)) {
        inFlight.release(policy.maxInFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpRequest build(CapturedRequest request) {
    String base = policy.target().toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String uri = request.uri();
    int scheme = uri.indexOf("://");
    if (scheme >= 0) {
      int slash = uri.indexOf('/', scheme + 3);
      uri = slash < 0 ? "/" : uri.substring(slash);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + uri)).timeout(Duration.ofSeconds(30))
        .method(request.method(), request.body().length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    Set<String> replaced = new java.util.HashSet<>();
    policy.setHeaders().keySet().forEach(k -> replaced.add(k.toLowerCase(Locale.ROOT)));
    if (!HOST_SETTABLE) {
      replaced.add("host");
    } else if (policy.host() != null) {
      replaced.add("host");
      b.header("Host", policy.host());
    }
    for (Map.Entry<String, String> h : request.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!NOT_COPIED.contains(name) && !replaced.contains(name)) {
        b.header(h.getKey(), h.getValue());
      }
    }
    policy.setHeaders().forEach(b::header);
    return b.build();
  }

  /** A second's worth of requests may go at once. */
  private double burst() {
    return Math.max(1, policy.ratePerSecond());
  }

  private boolean takeToken() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(burst(), tokens + (now - lastRefillNanos) / 1e9 * policy.ratePerSecond());
    lastRefillNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
