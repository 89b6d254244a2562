package dev.mirrorflow.local.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mirrorflow.local.LocalCloud;
import dev.mirrorflow.local.http.LocalRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local cloud's web console: its own HTTP server on the loopback address, apart from the AWS
 * endpoint, serving the pages (HTML and JavaScript in this jar: no network needed) under {@code
 * /console/} and the JSON they read under {@value ConsoleApi#PREFIX}. Nothing of it exists on AWS.
 */
public final class ConsoleServer implements AutoCloseable {
  private static final String PAGES = "/console/";
  private static final String RESOURCES = "/dev/mirrorflow/local/console/web/";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int requestedPort;
  private final ConsoleApi api;
  private HttpServer server;
  private ExecutorService executor;

  private ConsoleServer(int port, ConsoleApi api) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the console port must be 0 (any free port) to 65535, got " + port);
    }
    this.requestedPort = port;
    this.api = api;
  }

  /** A console of {@code cloud} for {@code port} (0 = any free port); call {@link #start()}. */
  public static ConsoleServer create(int port, LocalCloud cloud) {
    return new ConsoleServer(port, new ConsoleApi(cloud));
  }

  /** Binds 127.0.0.1 and starts serving. */
  public synchronized ConsoleServer start() throws IOException {
    if (server != null) {
      return this;
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "local-console-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    return this;
  }

  /** The console's address, e.g. {@code http://127.0.0.1:40123/console/}. */
  public URI url() {
    if (server == null) {
      throw new IllegalStateException("the console is not started");
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PAGES);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        send(exchange, 405, "application/json", error("MethodNotAllowed", "the console only reads: use GET"));
      } else if (path.equals("/") || path.equals("/console")) {
        exchange.getResponseHeaders().set("Location", PAGES);
        exchange.sendResponseHeaders(302, -1);
      } else if (path.startsWith(ConsoleApi.PREFIX)) {
        ConsoleApi.Answer answer;
        try {
          answer = api.get(path.substring(ConsoleApi.PREFIX.length()),
              new LocalRequest("GET", path, exchange.getRequestURI().getRawQuery(), Map.of(), null).queryParameters());
        } catch (RuntimeException e) {
          answer = new ConsoleApi.Answer(500, JSON.createObjectNode().put("error", "InternalFailure")
              .put("message", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        send(exchange, answer.status(), "application/json", JSON.writeValueAsBytes(answer.body()));
      } else if (path.startsWith(PAGES)) {
        String file = path.substring(PAGES.length());
        if (file.isEmpty()) {
          file = "index.html";
        }
        byte[] body = file.contains("..") || file.contains("/") ? null : resource(file);
        if (body == null) {
          send(exchange, 404, "application/json", error("NotFound", "no console page " + path));
        } else {
          String ext = file.substring(file.lastIndexOf('.') + 1);
          send(exchange, 200, TYPES.getOrDefault(ext, "application/octet-stream"), body);
        }
      } else {
        send(exchange, 404, "application/json", error("NotFound", "the console lives under " + PAGES));
      }
    }
  }

  private static byte[] resource(String file) throws IOException {
    try (InputStream in = ConsoleServer.class.getResourceAsStream(RESOURCES + file)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static byte[] error(String code, String message) {
    return JSON.createObjectNode().put("error", code).put("message", message).toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }
}
