package dev.mirrorflow.infra;

import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything one cluster's stack is built from.
 *
 * @param cluster the capture cluster's name
 * @param target the mirror target new VPCs use unless their config names another
 * @param filterId the mirror filter new VPCs use; empty: the stack creates an accept-all filter
 * @param alarmEmail an address to subscribe to the alarm topic, if any
 * @param stateMachinesDir where the {@code *.asl.json} workflows are
 * @param activitiesJar the activities' Lambda jar
 * @param verifyHandlers whether to fail unless the jar holds every step's handler class
 * @param targetOrganizationId when given ({@code o-...}), sessions may use only mirror targets owned by an
 *     account of this organization (aws:ResourceOrgID); when empty, a target of any account that shares it
 *     (AWS RAM) may be used
 * @param allowedTargets mirror targets VPCs may use besides {@code target}: ids ({@code tmt-...}, this
 *     account) or ARNs (a target another account shares); the steps' IAM allows sessions to these only
 * @param allowedFilterIds mirror filters VPCs may use besides {@code filterId} (or the filter the stack creates)
 * @param scanRate how often each registered VPC's schedule starts its scan, an EventBridge Scheduler rate
 *     expression ({@code rate(5 minutes)}); the workflows get it as {@code ${ScanRate}}
 * @param describeShare the share of each EC2 describe action's refill the cluster may use, more than 0
 *     and at most 0.5 ({@link DescribeBudgetPlan})
 * @param describeRefill the refill assumed of each describe action's bucket, calls a second (EC2's
 *     default 20; an account with raised limits may say more)
 */
public record ClusterSettings(
    String cluster,
    MirrorTarget target,
    Optional<String> filterId,
    Optional<String> alarmEmail,
    Path stateMachinesDir,
    Path activitiesJar,
    boolean verifyHandlers,
    Optional<String> targetOrganizationId,
    List<String> allowedTargets,
    List<String> allowedFilterIds,
    String scanRate,
    double describeShare,
    double describeRefill) {

  /** The scan cadence unless the context sets another. */
  public static final String DEFAULT_SCAN_RATE = "rate(1 minute)";
  /**
   * An EventBridge Scheduler rate expression: a positive integer and a unit of minute(s), hour(s) or
   * day(s) ("Schedule types in EventBridge Scheduler"), the unit singular for 1 and plural otherwise.
   */
  private static final Pattern RATE = Pattern.compile("rate\\((?:1 (?:minute|hour|day)|(?:[2-9]|[1-9][0-9]+) (?:minutes|hours|days))\\)");
  private static final Pattern FILTER_ID = Pattern.compile("tmf-[0-9a-f]{8,17}");
  /** An AWS Organizations organization id. */
  private static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");

  /** Settings that allow targets shared by any account. */
  public ClusterSettings(String cluster, MirrorTarget target, Optional<String> filterId, Optional<String> alarmEmail,
      Path stateMachinesDir, Path activitiesJar, boolean verifyHandlers) {
    this(cluster, target, filterId, alarmEmail, stateMachinesDir, activitiesJar, verifyHandlers, Optional.empty());
  }

  /** Settings that allow only the cluster's own target and filter. */
  public ClusterSettings(String cluster, MirrorTarget target, Optional<String> filterId, Optional<String> alarmEmail,
      Path stateMachinesDir, Path activitiesJar, boolean verifyHandlers, Optional<String> targetOrganizationId) {
    this(cluster, target, filterId, alarmEmail, stateMachinesDir, activitiesJar, verifyHandlers, targetOrganizationId,
        List.of(), List.of());
  }

  /** Settings whose VPCs are scanned at the default cadence, every minute. */
  public ClusterSettings(String cluster, MirrorTarget target, Optional<String> filterId, Optional<String> alarmEmail,
      Path stateMachinesDir, Path activitiesJar, boolean verifyHandlers, Optional<String> targetOrganizationId,
      List<String> allowedTargets, List<String> allowedFilterIds) {
    this(cluster, target, filterId, alarmEmail, stateMachinesDir, activitiesJar, verifyHandlers, targetOrganizationId,
        allowedTargets, allowedFilterIds, DEFAULT_SCAN_RATE);
  }

  /** Settings with the default describe budget: a quarter of EC2's default refill. */
  public ClusterSettings(String cluster, MirrorTarget target, Optional<String> filterId, Optional<String> alarmEmail,
      Path stateMachinesDir, Path activitiesJar, boolean verifyHandlers, Optional<String> targetOrganizationId,
      List<String> allowedTargets, List<String> allowedFilterIds, String scanRate) {
    this(cluster, target, filterId, alarmEmail, stateMachinesDir, activitiesJar, verifyHandlers, targetOrganizationId,
        allowedTargets, allowedFilterIds, scanRate, DescribeBudgetPlan.DEFAULT_SHARE, DescribeBudgetPlan.DEFAULT_REFILL);
  }
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  public ClusterSettings {
    Names.requireValidCluster(cluster);
    if (target == null) {
      throw new InvalidSettingsException("a mirror target is required");
    }
    filterId = filterId == null ? Optional.empty() : filterId;
    alarmEmail = alarmEmail == null ? Optional.empty() : alarmEmail;
    filterId.ifPresent(
        id -> {
          if (!FILTER_ID.matcher(id).matches()) {
            throw new InvalidSettingsException(
                "invalid filterId '" + id + "': expected a traffic mirror filter id like tmf-0123456789abcdef0, "
                    + "or leave it out to create an accept-all filter");
          }
        });
    targetOrganizationId = targetOrganizationId == null ? Optional.empty() : targetOrganizationId;
    targetOrganizationId.ifPresent(
        id -> {
          if (!ORGANIZATION_ID.matcher(id).matches()) {
            throw new InvalidSettingsException("invalid targetOrganizationId '" + id
                + "': expected an AWS Organizations id like o-a1b2c3d4e5, or leave it out to allow targets "
                + "shared from any account");
          }
        });
    allowedTargets = allowedTargets == null ? List.of() : List.copyOf(allowedTargets);
    allowedFilterIds = allowedFilterIds == null ? List.of() : List.copyOf(allowedFilterIds);
    for (String allowed : allowedTargets) {
      if (!AllowedTargets.TARGET_ID.matcher(allowed).matches() && !AllowedTargets.TARGET_ARN.matcher(allowed).matches()) {
        throw new InvalidSettingsException("invalid allowedTargets entry '" + allowed + "': expected a traffic mirror "
            + "target id like tmt-0123456789abcdef0, or the ARN of a target another account shares, "
            + "arn:aws:ec2:REGION:ACCOUNT:traffic-mirror-target/tmt-...");
      }
    }
    for (String allowed : allowedFilterIds) {
      if (!FILTER_ID.matcher(allowed).matches()) {
        throw new InvalidSettingsException("invalid allowedFilterIds entry '" + allowed + "': expected a traffic "
            + "mirror filter id like tmf-0123456789abcdef0");
      }
    }
    scanRate = scanRate == null ? DEFAULT_SCAN_RATE : scanRate.trim();
    if (!RATE.matcher(scanRate).matches()) {
      throw new InvalidSettingsException("invalid scanRate '" + scanRate + "': expected an EventBridge Scheduler "
          + "rate expression of 1 minute or more, like rate(1 minute), rate(5 minutes) or rate(1 hour)");
    }
    if (!(describeShare > 0) || describeShare > DescribeBudgetPlan.MAX_SHARE) {
      throw new InvalidSettingsException("invalid describeShare '" + describeShare + "': expected the share of each "
          + "EC2 describe action's refill Mirrorflow may use, more than 0 and at most " + DescribeBudgetPlan.MAX_SHARE
          + " (default " + DescribeBudgetPlan.DEFAULT_SHARE + "), so that the account's owners keep the rest");
    }
    if (!(describeRefill > 0) || Double.isInfinite(describeRefill)) {
      throw new InvalidSettingsException("invalid describeRefill '" + describeRefill + "': expected the calls a second "
          + "each EC2 describe action's bucket refills (default " + DescribeBudgetPlan.DEFAULT_REFILL
          + "; more only when the account's limits were raised)");
    }
    alarmEmail.ifPresent(
        email -> {
          if (!EMAIL.matcher(email).matches()) {
            throw new InvalidSettingsException("invalid alarmEmail '" + email + "': expected an e-mail address");
          }
        });
  }

  /**
   * Reads the CDK context ({@code -c key=value}): {@code cluster}; exactly one of {@code targetId},
   * {@code targetLoadBalancerArn} (a Network Load Balancer) or {@code targetEndpointId} (a Gateway
   * Load Balancer endpoint); optional {@code filterId}, {@code alarmEmail}, {@code targetOrganizationId},
   * {@code allowedTargets} and {@code allowedFilterIds} (comma-separated), {@code scanRate} (default
   * {@value #DEFAULT_SCAN_RATE}), {@code describeShare} (default 0.25) and {@code describeRefill} (default 20),
   * {@code stateMachinesDir} and {@code activitiesJar} (both relative to {@code root}).
   */
  public static ClusterSettings fromContext(Function<String, Object> context, Path root) {
    String cluster = value(context, "cluster")
        .orElseThrow(() -> new InvalidSettingsException(
            "no cluster given: pass -c cluster=NAME (one stack per capture cluster)"));
    Optional<String> targetId = value(context, "targetId");
    Optional<String> lbArn = value(context, "targetLoadBalancerArn");
    Optional<String> endpointId = value(context, "targetEndpointId");
    List<MirrorTarget> targets = new ArrayList<>();
    targetId.ifPresent(id -> targets.add(new MirrorTarget.Existing(id)));
    lbArn.ifPresent(arn -> targets.add(loadBalancerTarget(arn)));
    endpointId.ifPresent(id -> targets.add(new MirrorTarget.GatewayLoadBalancerEndpoint(id)));
    if (targets.size() != 1) {
      throw new InvalidSettingsException(
          "give exactly one mirror target: -c targetId=tmt-... (an existing target), "
              + "-c targetLoadBalancerArn=arn:...:loadbalancer/net/... (creates a target for a Network Load Balancer) "
              + "or -c targetEndpointId=vpce-... (creates a target for a Gateway Load Balancer endpoint)");
    }
    Path dir = root.resolve(value(context, "stateMachinesDir").orElse("state-machines"));
    Path jar = value(context, "activitiesJar").map(root::resolve).orElseGet(() -> ActivitiesJar.defaultPath(root));
    return new ClusterSettings(
        cluster, targets.get(0), value(context, "filterId"), value(context, "alarmEmail"), dir, jar, true,
        value(context, "targetOrganizationId"), list(context, "allowedTargets"), list(context, "allowedFilterIds"),
        value(context, "scanRate").orElse(DEFAULT_SCAN_RATE),
        number(context, "describeShare", DescribeBudgetPlan.DEFAULT_SHARE),
        number(context, "describeRefill", DescribeBudgetPlan.DEFAULT_REFILL));
  }

  /** The describe budget these settings make: reserved concurrency and a per-instance rate for the steps that describe. */
  public DescribeBudgetPlan describeBudget() {
    return DescribeBudgetPlan.of(describeShare, describeRefill);
  }

  private static MirrorTarget loadBalancerTarget(String arn) {
    if (arn.contains(":loadbalancer/gwy/")) {
      throw new InvalidSettingsException(
          "a Gateway Load Balancer is mirrored to through its endpoint: pass -c targetEndpointId=vpce-... "
              + "instead of its ARN");
    }
    return new MirrorTarget.NetworkLoadBalancer(arn);
  }

  private static List<String> list(Function<String, Object> context, String key) {
    return value(context, key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  private static double number(Function<String, Object> context, String key, double fallback) {
    Optional<String> v = value(context, key);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.get());
    } catch (NumberFormatException e) {
      throw new InvalidSettingsException("invalid " + key + " '" + v.get() + "': expected a number, like -c " + key
          + "=" + fallback);
    }
  }

  private static Optional<String> value(Function<String, Object> context, String key) {
    Object value = context.apply(key);
    return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
  }
}
