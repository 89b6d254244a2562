package dev.mirrorflow.activities.scan;

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
    if (!takesTurns(vpcId, self.name())
        || !clock.instant().isBefore(self.started().plus(MAX_WAIT))) {
      return Optional.empty();
    }
    List<RunningReconcile> all = running.of(self.stateMachineArn(), vpcId);
    // ListExecutions' own start date, when it lists us, is the one the others compare against.
    Instant started = all.stream().filter(r -> r.name().equals(self.name())).map(RunningReconcile::startDate)
        .findFirst().orElse(self.started());
    return earlierOverlapping(vpcId, new RunningReconcile(self.name(), started), all).map(RunningReconcile::name);
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
