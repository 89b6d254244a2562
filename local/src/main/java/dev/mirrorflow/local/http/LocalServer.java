package dev.mirrorflow.local.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local cloud's one HTTP server. It listens on the loopback address only and routes every
 * request to the first {@link ServiceHandler} that accepts it; {@link #dispatch} does the same
 * in-process.
 */
public final class LocalServer implements AwsDispatcher, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK's server otherwise leaves Nagle's algorithm on, and every response waits for the
    // client's delayed ACK (about 40 ms): read once, when the server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }
  /** The port AWS tooling conventionally uses for a local cloud. */
  public static final int DEFAULT_PORT = 4566;

  private final List<ServiceHandler> services = new CopyOnWriteArrayList<>();
  private final int requestedPort;
  private HttpServer server;
  private ExecutorService executor;

  private LocalServer(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + port);
    }
    this.requestedPort = port;
  }

  /** A server for {@code port}; 0 picks a free port when started. */
  public static LocalServer create(int port) {
    return new LocalServer(port);
  }

  /** Adds a service; services added earlier are asked first. */
  public LocalServer register(ServiceHandler service) {
    services.add(service);
    return this;
  }

  /** Binds 127.0.0.1 and starts serving. */
  public synchronized LocalServer start() throws IOException {
    if (server != null) {
      return this;
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 256);
    executor = Executors.newCachedThreadPool(daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    return this;
  }

  /** The bound port, once started. */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("the local server is not started");
    }
    return server.getAddress().getPort();
  }

  /** The endpoint to give an SDK client's {@code endpointOverride} or the AWS CLI's {@code --endpoint-url}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  @Override
  public LocalResponse dispatch(LocalRequest request) {
    for (ServiceHandler service : services) {
      if (service.accepts(request)) {
        try {
          return service.handle(request);
        } catch (RuntimeException e) {
          return LocalResponse.json(
              500, error("InternalFailure", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
      }
    }
    String target = request.header("x-amz-target");
    return LocalResponse.json(
        404,
        error(
            "UnknownOperationException",
            "no local service serves " + request.method() + " " + request.path()
                + (target == null ? "" : " " + target)));
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      URI uri = exchange.getRequestURI();
      LocalRequest request =
          new LocalRequest(
              exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
              uri.getPath(),
              uri.getRawQuery(),
              exchange.getRequestHeaders(),
              body);
      LocalResponse response = dispatch(request);
      String requestId = response.headers().getOrDefault("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      for (Map.Entry<String, String> h : response.headers().entrySet()) {
        exchange.getResponseHeaders().set(h.getKey(), h.getValue());
      }
      byte[] out = response.body();
      exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "local-cloud-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static String error(String type, String message) {
    return JSON.createObjectNode().put("__type", type).put("message", message).toString();
  }

}
