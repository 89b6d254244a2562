package dev.mirrorflow.local.events;

import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The local Amazon EventBridge, in the AWS JSON 1.1 protocol ({@code X-Amz-Target:
 * AWSEvents.<Operation>}): event buses, rules with event patterns or schedules, targets with
 * input transformation, retry policies and dead-letter queues, PutEvents, TestEventPattern and tags.
 *
 * <p>It puts together its parts, each with one job: {@link EventsApi} speaks the wire protocol,
 * {@link EventBusStore} keeps the buses, rules and targets, {@link RuleScheduling} fires scheduled
 * rules on the local clock, {@link EventRouter} matches events to rules, and {@link
 * RetryingDelivery} reaches the targets through the {@link AwsDispatcher} (a state machine ARN
 * starts an execution, a Lambda function ARN is invoked asynchronously, an event bus ARN receives
 * the event), retrying failures with exponential backoff on the local clock within the target's
 * {@code RetryPolicy}, then handing them to its {@code DeadLetterConfig}: the local cloud has no
 * SQS, so dead letters are kept in memory ({@link #deadLetters()}, {@code GET
 * /_mirrorflow/events/dead-letters}). {@link #awaitIdle(Duration)} returns once every delivery
 * under way, retries included, has ended.
 *
 * <pre>{@code
 * LocalServer server = LocalServer.create(0);
 * EventsService events = new EventsService(clock, server);
 * server.register(events).start();
 * }</pre>
 */
public final class EventsService implements ServiceHandler, AutoCloseable {
  /** The local cloud's account. */
  public static final String ACCOUNT_ID = "000000000000";
  /** The path of the admin route listing dead letters. */
  public static final String DEAD_LETTERS_PATH = "/_mirrorflow/events/dead-letters";
  /** The path of the admin route showing the counters. */
  public static final String COUNTERS_PATH = "/_mirrorflow/events/counters";
  /** PutTargets: a target's Input is at most 8,192 characters (API reference, Target). */
  static final int MAX_TARGET_INPUT = 8_192;
  /** PutRule: at most 64 characters (API reference, PutRule). */
  static final int MAX_RULE_NAME = 64;
  /** Rules per event bus: 300 by default in most Regions, adjustable (EventBridge quotas). */
  public static final int DEFAULT_RULES_PER_BUS = 300;

  private final ExecutorService executor;
  private final ClockScheduler scheduler;
  private final RecentEvents recent = new RecentEvents();
  private final RunningCounters counters = new RunningCounters();
  private final DeliveryOutcomes outcomes = new DeliveryOutcomes();
  private final EventBusStore store;
  /** Set once, last: the store's schedules and delivery's bus targets call back into it. */
  private EventRouter router;
  private final EventsApi api;
  private volatile Function<LocalRequest, String> callerAccount = r -> ACCOUNT_ID;
  private volatile Function<String, Optional<String>> organizationOf = a -> Optional.empty();

  /** A local EventBridge in {@code us-east-1}. */
  public EventsService(LocalClock clock, AwsDispatcher dispatcher) {
    this(clock, dispatcher, "us-east-1");
  }

  /**
   * A local EventBridge.
   *
   * @param clock the local cloud's clock: schedules, retries and event times use it
   * @param dispatcher how targets are reached (normally the {@code LocalServer})
   * @param region the region in ARNs and events
   */
  public EventsService(LocalClock clock, AwsDispatcher dispatcher, String region) {
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "local-events-delivery-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.scheduler = new ClockScheduler(clock, executor, "local-events-scheduler");
    this.store = new EventBusStore(clock, region, scheduler,
        (rule, due, targets) -> this.router.fire(rule, due, targets), a -> this.organizationOf.apply(a));
    RetryingDelivery delivery = new RetryingDelivery(clock, executor, scheduler, dispatcher,
        (account, bus, sender, event) -> this.router.forward(account, bus, sender, event), counters, recent, outcomes);
    this.router = new EventRouter(store, delivery, recent, counters, region);
    this.api = new EventsApi(clock, store, router, outcomes, counters, r -> this.callerAccount.apply(r));
  }

  /**
   * Serves each request in its caller's account ({@code callerAccount}: the account of a request's
   * credentials); {@code organizationOf} answers an account's organization for bus policies'
   * {@code aws:PrincipalOrgID} conditions.
   */
  public EventsService accounts(Function<LocalRequest, String> callerAccount,
      Function<String, Optional<String>> organizationOf) {
    this.callerAccount = callerAccount;
    this.organizationOf = organizationOf;
    return this;
  }

  /**
   * Knob: how many rules one event bus may hold (the account's quota, 300 by default); a PutRule that
   * would create one more fails with {@code LimitExceededException}. Updating an existing rule is
   * never refused.
   */
  public void rulesPerBus(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("rules per bus must be at least 1, got " + limit);
    }
    store.rulesPerBus(limit);
  }

  public int rulesPerBus() {
    return store.rulesPerBus();
  }

  /** The counters so far. */
  public EventsCounters counters() {
    return counters.snapshot();
  }

  /** The last events routed, with the rules they matched and what their deliveries started. */
  public RecentEvents recentEvents() {
    return recent;
  }

  /** Every dead letter so far, by dead-letter queue ARN. */
  public Map<String, List<DeadLetter>> deadLetters() {
    return outcomes.deadLetters();
  }

  /** The dead letters sent to one queue, oldest first. */
  public List<DeadLetter> deadLetters(String deadLetterArn) {
    return outcomes.deadLetters(deadLetterArn);
  }

  /**
   * Waits until no delivery is under way (including retries waiting for their backoff on the
   * clock). Scheduled rules that have not fired yet do not count.
   *
   * @param timeout real time to wait at most
   * @return true when idle, false when the timeout passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return outcomes.awaitIdle(timeout);
  }

  /**
   * Calls {@code listener} on a delivery thread each time the delivery of an event to a target ends
   * (delivered, dead-lettered or dropped), before {@link #awaitIdle} can return for it. Tests use it
   * to wait for a particular delivery, for example the first firing of a schedule.
   */
  public void addDeliveryListener(Consumer<DeliveryOutcome> listener) {
    outcomes.addListener(listener);
  }

  /** Removes a listener added with {@link #addDeliveryListener}. */
  public void removeDeliveryListener(Consumer<DeliveryOutcome> listener) {
    outcomes.removeListener(listener);
  }

  /** The number of deliveries under way, retries waiting for their backoff included. */
  public int deliveriesInFlight() {
    return outcomes.inFlight();
  }

  /** Stops the scheduler and the delivery threads; deliveries under way are abandoned. */
  @Override
  public void close() {
    scheduler.close();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    outcomes.abandon();
  }

  @Override
  public boolean accepts(LocalRequest request) {
    return api.accepts(request);
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    return api.handle(request);
  }
}
