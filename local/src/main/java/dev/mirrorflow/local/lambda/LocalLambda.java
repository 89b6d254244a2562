package dev.mirrorflow.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.local.clock.LocalClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The local cloud's Lambda: a registry of functions whose {@link RequestStreamHandler}s run
 * in-process. Like Lambda, each handler instance serves one invocation at a time and is reused warm
 * afterwards; a new instance is constructed only when all existing ones are busy. A handler is
 * constructed with its public {@code (Environment, Clock)} constructor (given the local clock), else its public {@code (Environment)} constructor, pointing its clients at the local
 * cloud, or else its no-argument constructor.
 *
 * <p>A handler that throws fails the invocation exactly as the Lambda Java runtime reports it:
 * {@code errorType} is the exception's fully qualified class name and the payload is the error
 * document {@code {"errorMessage","errorType","stackTrace"}}. A handler that runs past its timeout
 * fails with {@code Sandbox.Timedout}, one that runs out of memory with {@code Runtime.ExitError}
 * (see {@link Invocation#sandboxFailed()}).
 */
public final class LocalLambda implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long a handler may take to construct (Lambda's init phase), in real time. */
  private static final Duration INIT_LIMIT = Duration.ofSeconds(60);

  private final Supplier<URI> endpoint;
  private final String region;
  private final String accountId;
  private final LocalClock clock;
  private final Map<String, Function> functions = new ConcurrentHashMap<>();
  private final ExecutorService executor;

  /**
   * @param endpoint the local cloud's endpoint, asked at each handler construction (so that it can
   *     be given before the server has bound its port)
   * @param region the region, e.g. {@code us-east-1}
   * @param accountId the account id in function ARNs, e.g. {@code 000000000000}
   * @param clock the local clock that times invocations
   */
  public LocalLambda(Supplier<URI> endpoint, String region, String accountId, LocalClock clock) {
    this.endpoint = endpoint;
    this.region = region;
    this.accountId = accountId;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "local-lambda-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Creates or replaces a function; replacing drops its warm instances but keeps its count. */
  public String createFunction(LambdaFunction function) {
    functions.compute(
        function.name(),
        (name, old) -> new Function(function, old == null ? new AtomicLong() : old.invocations));
    return functionArn(function.name());
  }

  public void deleteFunction(String nameOrArn) {
    if (functions.remove(functionName(nameOrArn)) == null) {
      throw notFound(nameOrArn);
    }
  }

  public Optional<LambdaFunction> function(String nameOrArn) {
    Function f = functions.get(functionName(nameOrArn));
    return f == null ? Optional.empty() : Optional.of(f.definition);
  }

  /** Names of all functions, sorted. */
  public List<String> functionNames() {
    return functions.keySet().stream().sorted().toList();
  }

  /** {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME}. */
  public String functionArn(String name) {
    return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
  }

  /** How many times the function has been invoked (successfully or not) since it was created. */
  public long invocationCount(String nameOrArn) {
    Function f = functions.get(functionName(nameOrArn));
    return f == null ? 0 : f.invocations.get();
  }

  /** Invocation counts of every function, by name. */
  public Map<String, Long> invocationCounts() {
    Map<String, Long> counts = new TreeMap<>();
    functions.forEach((name, f) -> counts.put(name, f.invocations.get()));
    return counts;
  }

  /**
   * Invokes a function synchronously (Lambda's {@code RequestResponse}) and blocks until it answers
   * or its timeout passes.
   *
   * @throws FunctionNotFoundException when no function has that name
   * @throws TooManyRequestsException when the function already runs as many instances as its reserved
   *     concurrency
   */
  public Invocation invoke(String nameOrArn, byte[] payload) {
    String name = functionName(nameOrArn);
    Function function = functions.get(name);
    if (function == null) {
      throw notFound(nameOrArn);
    }
    Integer reserved = function.definition.reservedConcurrency();
    if (function.busy.incrementAndGet() > (reserved == null ? Integer.MAX_VALUE : reserved)) {
      function.busy.decrementAndGet();
      function.throttles.incrementAndGet();
      throw new TooManyRequestsException("Rate Exceeded. (" + TooManyRequestsException.RESERVED_LIMIT + ": function "
          + name + " already runs its reserved concurrency of " + reserved + ")");
    }
    try {
      return invokeWithin(function, payload);
    } finally {
      function.busy.decrementAndGet();
    }
  }

  /** How many invocations of the function Lambda throttled at its reserved concurrency. */
  public long throttleCount(String nameOrArn) {
    Function f = functions.get(functionName(nameOrArn));
    return f == null ? 0 : f.throttles.get();
  }

  /** The most invocations of the function that ran at once since it was created. */
  public int peakConcurrency(String nameOrArn) {
    Function f = functions.get(functionName(nameOrArn));
    return f == null ? 0 : f.peak.get();
  }

  private Invocation invokeWithin(Function function, byte[] payload) {
    String name = function.definition.name();
    function.peak.accumulateAndGet(function.busy.get(), Math::max);
    function.invocations.incrementAndGet();
    String requestId = UUID.randomUUID().toString();
    // Like Lambda's init phase, constructing a handler does not count toward the function's timeout.
    Future<RequestStreamHandler> init = executor.submit(() -> warmHandler(function));
    RequestStreamHandler handler;
    try {
      handler = init.get(INIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      init.cancel(true);
      Thread.currentThread().interrupt();
      return failure(name, e);
    } catch (TimeoutException e) {
      init.cancel(true);
      return failure(name, new IllegalStateException(
          "the handler of " + name + " took more than " + INIT_LIMIT.toSeconds() + " s to construct"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof HandlerInitException h ? h.getCause() : e.getCause();
      return failure(name, cause);
    }
    Instant deadline = clock.instant().plus(function.definition.timeout());
    LocalContext context = new LocalContext(requestId, name, functionArn(name), deadline, clock);
    RequestStreamHandler warm = handler;
    Future<Invocation> future = executor.submit(() -> run(function, warm, payload, context));
    try {
      while (true) {
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
          future.cancel(true);
          return timedOut(function, requestId);
        }
        long waitMillis = Math.max(1, Math.min(50, clock.toReal(remaining).toMillis()));
        try {
          return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          // Re-read the virtual clock: it may have been sped up or advanced.
        }
      }
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return failure(name, e);
    } catch (ExecutionException e) {
      return failure(name, e.getCause());
    }
  }

  private RequestStreamHandler warmHandler(Function function) {
    RequestStreamHandler handler = function.idle.poll();
    return handler != null ? handler : construct(function.definition);
  }

  private Invocation run(Function function, RequestStreamHandler handler, byte[] payload, LocalContext context) {
    String name = function.definition.name();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(payload), out, context);
    } catch (OutOfMemoryError e) {
      // The runtime process dies with the JVM's heap: Lambda discards the instance.
      return runtimeExited(name, context.getAwsRequestId());
    } catch (Throwable t) {
      // Lambda keeps the instance after an invocation error; so do we.
      function.idle.offer(handler);
      return failure(name, t);
    }
    function.idle.offer(handler);
    return new Invocation(name, out.toByteArray(), null, null);
  }

  private RequestStreamHandler construct(LambdaFunction definition) {
    Class<?> type;
    try {
      type = Class.forName(definition.handlerClassName(), true, LocalLambda.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new HandlerInitException(
          new ClassNotFoundException(
              "Class not found: "
                  + definition.handlerClassName()
                  + " (handler of function "
                  + definition.name()
                  + "): put the class that implements RequestStreamHandler on the local cloud's"
                  + " classpath, or register the function with the right handler class"));
    }
    if (!RequestStreamHandler.class.isAssignableFrom(type)) {
      throw new HandlerInitException(
          new ClassCastException(
              "Class "
                  + type.getName()
                  + " (handler of function "
                  + definition.name()
                  + ") does not implement com.amazonaws.services.lambda.runtime.RequestStreamHandler"));
    }
    try {
      Environment env = Environment.local(endpoint.get(), region, definition.variables());
      // A handler that reads the time (e.g. to plan) takes the local clock, so a sped-up cloud stays consistent.
      Constructor<?> withClock = constructor(type, Environment.class, java.time.Clock.class);
      Constructor<?> withEnvironment = constructor(type, Environment.class);
      Object instance =
          withClock != null
              ? withClock.newInstance(env, clock)
              : withEnvironment != null
                  ? withEnvironment.newInstance(env)
                  : requireNoArg(type).newInstance();
      return (RequestStreamHandler) instance;
    } catch (InvocationTargetException e) {
      throw new HandlerInitException(e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new HandlerInitException(e);
    }
  }

  private static Constructor<?> constructor(Class<?> type, Class<?>... parameters) {
    try {
      Constructor<?> c = type.getConstructor(parameters);
      return c;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Constructor<?> requireNoArg(Class<?> type) throws NoSuchMethodException {
    Constructor<?> c = constructor(type);
    if (c == null) {
      throw new NoSuchMethodException(
          "handler " + type.getName() + " needs a public constructor taking "
              + Environment.class.getName() + " or a public no-argument constructor");
    }
    return c;
  }

  private Invocation timedOut(Function function, String requestId) {
    Duration timeout = function.definition.timeout();
    ObjectNode doc = JSON.createObjectNode();
    doc.put(
        "errorMessage",
        clock.instant() + " " + requestId + " Task timed out after "
            + String.format(java.util.Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0) + " seconds");
    doc.put("errorType", "Sandbox.Timedout");
    return new Invocation(
        function.definition.name(), doc.toString().getBytes(StandardCharsets.UTF_8), "Unhandled", "Sandbox.Timedout");
  }

  private static Invocation runtimeExited(String name, String requestId) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("errorMessage", "RequestId: " + requestId + " Error: Runtime exited with error: signal: killed");
    doc.put("errorType", "Runtime.ExitError");
    return new Invocation(name, doc.toString().getBytes(StandardCharsets.UTF_8), "Unhandled", "Runtime.ExitError");
  }

  private static Invocation failure(String name, Throwable t) {
    ObjectNode doc = errorDocument(t);
    return new Invocation(
        name, doc.toString().getBytes(StandardCharsets.UTF_8), "Unhandled", t.getClass().getName());
  }

  /** The Lambda Java runtime's error document for an exception. */
  static ObjectNode errorDocument(Throwable t) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("errorMessage", t.getMessage());
    doc.put("errorType", t.getClass().getName());
    ArrayNode trace = doc.putArray("stackTrace");
    for (StackTraceElement e : t.getStackTrace()) {
      trace.add(e.toString());
    }
    if (t.getCause() != null && t.getCause() != t) {
      doc.set("cause", errorDocument(t.getCause()));
    }
    return doc;
  }

  /** The function name in a name, a partial ARN ({@code ACCOUNT:function:NAME}) or a full ARN. */
  static String functionName(String nameOrArn) {
    if (nameOrArn == null) {
      return "";
    }
    String s = nameOrArn;
    int fn = s.indexOf("function:");
    if (fn >= 0) {
      s = s.substring(fn + "function:".length());
      int colon = s.indexOf(':');
      if (colon >= 0) {
        s = s.substring(0, colon);
      }
    } else {
      int colon = s.indexOf(':');
      if (colon >= 0) {
        s = s.substring(0, colon);
      }
    }
    return s;
  }

  private FunctionNotFoundException notFound(String nameOrArn) {
    return new FunctionNotFoundException(
        "Function not found: " + functionArn(functionName(nameOrArn)));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private static final class Function {
    final LambdaFunction definition;
    final AtomicLong invocations;
    final AtomicLong throttles = new AtomicLong();
    final AtomicInteger busy = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final ConcurrentLinkedQueue<RequestStreamHandler> idle = new ConcurrentLinkedQueue<>();

    Function(LambdaFunction definition, AtomicLong invocations) {
      this.definition = definition;
      this.invocations = invocations;
    }
  }

  private static final class HandlerInitException extends RuntimeException {
    HandlerInitException(Throwable cause) {
      super(cause);
    }
  }
}
