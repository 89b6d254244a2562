package dev.mirrorflow.activities.scan;

import dev.mirrorflow.activities.route.Coalescing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reconciles of one VPC take turns: an event-started or scan-started reconcile that finds an earlier
 * reconcile of the VPC still running, on subnets that may overlap its own, waits for it before it reads
 * (reconcile-vpc loops PlanVpc, Wait, PlanVpc). Otherwise the reconciles of a burst's successive windows
 * read the subnet while the first is still spending EC2's mutating bucket, plan the same ENIs, and spend
 * mutating calls on sessions the first has already made. Reading after it ends, they plan only what is
 * still missing, so nothing an event announced is lost.
 *
 * <p>"Earlier" is a total order, start date then name, so two reconciles never wait for each other.
 * Overlap is judged from names: an event reconcile names its one subnet
 * ({@code <vpcId>-event-<subnetId>-<window>}); any other reconcile (several subnets, add-vpc, a scan,
 * a purge) may touch any subnet, so it overlaps everything.
 */
public final class ReconcileTurns {
  /**
   * Three minutes: longer than the reconcile of a 500-launch burst, whose creates alone take about
   * 90 s of EC2's mutating refill (5/s after a burst of 50), so a burst's later windows still wait for
   * it; short enough that a stuck or mis-listed execution (ListExecutions is best effort) delays a new
   * ENI only minutes. Going ahead after the cap is safe, only dearer: EC2 refuses a second session with
   * the same number on one ENI, so two reconciles planned at once spend calls but make no duplicate
   * (see {@link dev.mirrorflow.activities.ec2.ClientTokens}).
   */
  public static final Duration MAX_WAIT = Duration.ofMinutes(3);

  /** The shortest and the longest wait between two checks of a waiting reconcile ({@link #nextCheck}). */
  public static final Duration MIN_CHECK = Duration.ofSeconds(1);
  public static final Duration MAX_CHECK = Duration.ofSeconds(5);

  private static final Pattern SINGLE_SUBNET = Pattern.compile("(subnet-[0-9a-f]+)-[0-9]+(?:-[A-Za-z0-9_-]*)?");

  private final RunningReconciles running;
  private final Clock clock;

  public ReconcileTurns(RunningReconciles running, Clock clock) {
    this.running = running;
    this.clock = clock;
  }

  /**
   * The running reconcile that {@code self}, a reconcile of {@code vpcId}, waits for; empty when it goes
   * ahead: it takes no turns, nothing earlier overlaps it, or it has waited {@link #MAX_WAIT}.
   *
   * @throws TransientStepFunctionsException when Step Functions cannot list the running reconciles now
   */
  public Optional<String> waitFor(String vpcId, ReconcileExecution self) {
    return Optional.ofNullable(turn(vpcId, self).waitFor());
  }

  /**
   * What {@code self}, a reconcile of {@code vpcId}, does now: waits for an earlier overlapping
   * reconcile ({@link #waitFor}); or, its turn come, hands it over to a later reconcile of the same
   * one subnet that is already running; or goes ahead.
   *
   * <p>Handing over (only to a reconcile whose coalescing window has closed) is what keeps a churning subnet's queue short: while one reconcile of the subnet
   * runs, the next windows' reconciles wait behind it, and when it ends only the latest of them needs
   * to read. The later one is waiting for this one (every reconcile of the subnet started after this
   * one waits for it, directly or through the ones between), so it reads after this one has ended,
   * which is after every event this one was started for: nothing is lost, and the reads, plans and
   * turn checks of the ones between are saved. Only an event reconcile of one subnet hands over, and
   * only to one of the same subnet; a whole-VPC or scan reconcile reads for itself.
   *
   * @throws TransientStepFunctionsException when Step Functions cannot list the running reconciles now
   */
  public Turn turn(String vpcId, ReconcileExecution self) {
    if (!takesTurns(vpcId, self.name())
        || !clock.instant().isBefore(self.started().plus(MAX_WAIT))) {
      return Turn.GO;
    }
    List<RunningReconcile> all = running.of(self.stateMachineArn(), vpcId);
    // ListExecutions' own start date, when it lists us, is the one the others compare against.
    Instant started = all.stream().filter(r -> r.name().equals(self.name())).map(RunningReconcile::startDate)
        .findFirst().orElse(self.started());
    RunningReconcile me = new RunningReconcile(self.name(), started);
    Optional<RunningReconcile> earlier = earlierOverlapping(vpcId, me, all);
    if (earlier.isPresent()) {
      return new Turn(earlier.get().name(), null);
    }
    Instant windowClosed = clock.instant().minus(Coalescing.DEFAULT_WINDOW);
    return laterOfTheSameSubnet(vpcId, me, all, windowClosed).map(r -> new Turn(null, r.name())).orElse(Turn.GO);
  }

  /**
   * What a reconcile does now.
   *
   * @param waitFor the earlier reconcile it waits for, or null
   * @param handOverTo the later reconcile of its subnet it leaves the read to, or null
   */
  public record Turn(String waitFor, String handOverTo) {
    /** Go ahead: read and reconcile. */
    public static final Turn GO = new Turn(null, null);
  }

  /**
   * The latest running reconcile that started after {@code self} and names the same one subnet, of
   * those started at or before {@code startedBy}. A reconcile waits for its coalescing window to
   * close before it reads, and its window closes within {@link Coalescing#DEFAULT_WINDOW} of its
   * start: handed only to one whose window has closed, the read is not put off by a window still
   * open, and a subnet whose events never stop is still read, by whichever reconcile's window closed
   * last before the check.
   */
  static Optional<RunningReconcile> laterOfTheSameSubnet(String vpcId, RunningReconcile self, List<RunningReconcile> all,
      Instant startedBy) {
    Optional<String> subnet = singleSubnet(vpcId, self.name());
    if (subnet.isEmpty()) {
      return Optional.empty();
    }
    Comparator<RunningReconcile> order = Comparator.comparing(RunningReconcile::startDate)
        .thenComparing(RunningReconcile::name);
    return all.stream()
        .filter(r -> !r.name().equals(self.name()))
        .filter(r -> order.compare(r, self) > 0)
        .filter(r -> !r.startDate().isAfter(startedBy))
        .filter(r -> subnet.equals(singleSubnet(vpcId, r.name())))
        .max(order);
  }

  /**
   * How long a waiting reconcile waits before it checks again: half the time since it started, whole
   * seconds from {@link #MIN_CHECK} to {@link #MAX_CHECK}. Most waits are behind the reconcile of the
   * subnet's previous window, which ends within a few seconds, so the first checks come every second
   * and a new ENI is read about a second after its turn comes; a wait behind a burst's long reconcile
   * soon checks only every 5 s, so that the waiters of a storm cost few ListExecutions calls, Lambda
   * invocations and transitions (each check costs one of each, and three transitions). No counter is
   * kept: the execution's start time is all it needs.
   */
  public Duration nextCheck(ReconcileExecution self) {
    long waited = Math.max(0, Duration.between(self.started(), clock.instant()).toSeconds());
    return Duration.ofSeconds(Math.max(MIN_CHECK.toSeconds(), Math.min(MAX_CHECK.toSeconds(), waited / 2)));
  }

  /** Whether a reconcile of this name waits its turn: those started by an event or by a scan. */
  static boolean takesTurns(String vpcId, String name) {
    return name.startsWith(vpcId + "-event-") || name.startsWith(vpcId + "-scan-");
  }

  /** The most recent of the running reconciles that started before {@code self} and may overlap it. */
  static Optional<RunningReconcile> earlierOverlapping(String vpcId, RunningReconcile self, List<RunningReconcile> all) {
    Comparator<RunningReconcile> order = Comparator.comparing(RunningReconcile::startDate)
        .thenComparing(RunningReconcile::name);
    return all.stream()
        .filter(r -> !r.name().equals(self.name()))
        .filter(r -> order.compare(r, self) < 0)
        .filter(r -> overlaps(vpcId, r.name(), self.name()))
        .max(order);
  }

  /** Whether two reconciles of a VPC may touch a common subnet, judged by their names. */
  static boolean overlaps(String vpcId, String a, String b) {
    Optional<String> subnetA = singleSubnet(vpcId, a);
    Optional<String> subnetB = singleSubnet(vpcId, b);
    return subnetA.isEmpty() || subnetB.isEmpty() || subnetA.equals(subnetB);
  }

  /** The one subnet an event reconcile's name gives, if it gives one. */
  static Optional<String> singleSubnet(String vpcId, String name) {
    String prefix = vpcId + "-event-";
    if (!name.startsWith(prefix)) {
      return Optional.empty();
    }
    Matcher m = SINGLE_SUBNET.matcher(name.substring(prefix.length()));
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
