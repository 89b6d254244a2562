package dev.mirrorflow.activities.guard;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The traffic mirror targets and filters a cluster's sessions may use, fixed when the cluster is
 * deployed: the CDK stack sets them in every step's environment ({@value #TARGETS_VARIABLE}, {@value
 * #FILTERS_VARIABLE}: comma-separated ids), and its IAM allows CreateTrafficMirrorSession on exactly
 * those ARNs, so this check is the product saying early and by name what AWS would refuse anyway.
 *
 * <p>An unset or blank variable allows nothing (a function deployed without its allowlist creates
 * no session); {@value #ANY} allows any, which only the local cloud's default deployment uses.
 *
 * @param targetIds allowed target ids ({@code tmt-...})
 * @param filterIds allowed filter ids ({@code tmf-...})
 * @param anyTarget whether every target is allowed
 * @param anyFilter whether every filter is allowed
 */
public record AllowedMirrorResources(Set<String> targetIds, Set<String> filterIds, boolean anyTarget, boolean anyFilter) {
  /** The step environment variable listing the allowed target ids. */
  public static final String TARGETS_VARIABLE = "MIRRORFLOW_ALLOWED_TARGET_IDS";
  /** The step environment variable listing the allowed filter ids. */
  public static final String FILTERS_VARIABLE = "MIRRORFLOW_ALLOWED_FILTER_IDS";
  /** The value that allows any target or filter. */
  public static final String ANY = "*";
  /** A create batch's outcome, per ENI, when its target is not allowed. */
  public static final String TARGET_NOT_ALLOWED = "TargetNotAllowed";
  /** A create batch's outcome, per ENI, when its filter is not allowed. */
  public static final String FILTER_NOT_ALLOWED = "FilterNotAllowed";

  public AllowedMirrorResources {
    targetIds = Set.copyOf(targetIds);
    filterIds = Set.copyOf(filterIds);
  }

  /** Any target, any filter. */
  public static AllowedMirrorResources any() {
    return new AllowedMirrorResources(Set.of(), Set.of(), true, true);
  }

  /** Exactly these targets and filters. */
  public static AllowedMirrorResources of(Set<String> targetIds, Set<String> filterIds) {
    return new AllowedMirrorResources(targetIds, filterIds, false, false);
  }

  /** The allowlist a step's environment gives. */
  public static AllowedMirrorResources fromEnvironment(Environment env) {
    String targets = env.variable(TARGETS_VARIABLE, "").trim();
    String filters = env.variable(FILTERS_VARIABLE, "").trim();
    return new AllowedMirrorResources(ids(targets), ids(filters), ANY.equals(targets), ANY.equals(filters));
  }

  /** The comma-separated form of the environment variables. */
  public static String render(Set<String> ids) {
    return String.join(",", new TreeSet<>(ids));
  }

  private static Set<String> ids(String list) {
    if (list.isEmpty() || ANY.equals(list)) {
      return Set.of();
    }
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  public boolean allowsTarget(String targetId) {
    return anyTarget || targetIds.contains(targetId);
  }

  public boolean allowsFilter(String filterId) {
    return anyFilter || filterIds.contains(filterId);
  }

  /** {@value #TARGET_NOT_ALLOWED} or {@value #FILTER_NOT_ALLOWED} when a session to these may not be created. */
  public Optional<String> refusal(String targetId, String filterId) {
    if (!allowsTarget(targetId)) {
      return Optional.of(TARGET_NOT_ALLOWED);
    }
    if (!allowsFilter(filterId)) {
      return Optional.of(FILTER_NOT_ALLOWED);
    }
    return Optional.empty();
  }

  /**
   * @throws MirrorResourceNotAllowedException when the config's target or filter is not allowed
   */
  public void require(String cluster, VpcMirroringConfig config) {
    if (!allowsTarget(config.targetId())) {
      throw new MirrorResourceNotAllowedException(cluster, "target", config.targetId(), targetIds, "allowedTargetIds");
    }
    if (!allowsFilter(config.filterId())) {
      throw new MirrorResourceNotAllowedException(cluster, "filter", config.filterId(), filterIds, "allowedFilterIds");
    }
  }
}
