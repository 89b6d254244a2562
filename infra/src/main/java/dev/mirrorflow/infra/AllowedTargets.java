package dev.mirrorflow.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Where the cluster's mirrored traffic may go, fixed at deploy time: the cluster's own target and
 * filter, plus those the {@code allowedTargets} and {@code allowedFilterIds} context values name.
 * The steps' role may call CreateTrafficMirrorSession on exactly these target and filter ARNs (so a
 * registration pointing elsewhere fails at AWS with AccessDenied even if the product's own checks
 * were bypassed), and every step learns the same list from its environment ({@value #TARGETS_VARIABLE},
 * {@value #FILTERS_VARIABLE}), so add-vpc and the reconcile refuse by name first.
 *
 * <p>A target is named by its id ({@code tmt-...}: this stack's account) or by its ARN (a target
 * another account shares with this one, AWS RAM); the environment carries the ids.
 */
public final class AllowedTargets extends Construct {
  /** The steps' environment variable of allowed target ids (read by the activities' AllowedMirrorResources). */
  public static final String TARGETS_VARIABLE = "MIRRORFLOW_ALLOWED_TARGET_IDS";
  /** The steps' environment variable of allowed filter ids. */
  public static final String FILTERS_VARIABLE = "MIRRORFLOW_ALLOWED_FILTER_IDS";

  static final Pattern TARGET_ID = Pattern.compile("tmt-[0-9a-f]{8,17}");
  static final Pattern TARGET_ARN =
      Pattern.compile("arn:aws[a-z-]*:ec2:[a-z0-9-]+:\\d{12}:traffic-mirror-target/(tmt-[0-9a-f]{8,17})");
  static final Pattern FILTER_ID = Pattern.compile("tmf-[0-9a-f]{8,17}");

  private final List<String> targetIds = new ArrayList<>();
  private final List<String> targetArns = new ArrayList<>();
  private final List<String> filterIds = new ArrayList<>();
  private final List<String> filterArns = new ArrayList<>();
  private final ClusterSettings settings;

  /**
   * @param defaultTargetId the cluster's own target (an id, or the Ref of the target the stack creates)
   * @param defaultFilterId the cluster's own filter (an id, or the Ref of the filter the stack creates)
   */
  public AllowedTargets(Construct scope, String id, ClusterSettings settings, String defaultTargetId,
      String defaultFilterId) {
    super(scope, id);
    this.settings = settings;
    Set<String> targets = new LinkedHashSet<>();
    targets.add(defaultTargetId);
    targets.addAll(settings.allowedTargets());
    for (String target : targets) {
      Matcher arn = TARGET_ARN.matcher(target);
      if (arn.matches()) {
        targetIds.add(arn.group(1));
        targetArns.add(target);
      } else {
        targetIds.add(target);
        targetArns.add(ec2Arn("traffic-mirror-target", target));
      }
    }
    Set<String> filters = new LinkedHashSet<>();
    filters.add(defaultFilterId);
    filters.addAll(settings.allowedFilterIds());
    for (String filter : filters) {
      filterIds.add(filter);
      filterArns.add(ec2Arn("traffic-mirror-filter", filter));
    }
  }

  /** The allowed target ids, the cluster's own first. */
  public List<String> targetIds() {
    return List.copyOf(targetIds);
  }

  /** The allowed target ARNs, the cluster's own first. */
  public List<String> targetArns() {
    return List.copyOf(targetArns);
  }

  /** The allowed filter ids, the cluster's own first. */
  public List<String> filterIds() {
    return List.copyOf(filterIds);
  }

  /** The allowed filter ARNs, the cluster's own first. */
  public List<String> filterArns() {
    return List.copyOf(filterArns);
  }

  /** The two environment variables every step gets. */
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put(TARGETS_VARIABLE, String.join(",", targetIds));
    environment.put(FILTERS_VARIABLE, String.join(",", filterIds));
    return environment;
  }

  /**
   * CreateTrafficMirrorSession needs permission on each resource the call names (session, source ENI,
   * filter, target): these two statements allow the filter and target resources on the allowed ARNs
   * only; the session and ENI statements stay with the stack.
   */
  public void grantCreateSessions(IRole role) {
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("CreateSessionsWithAllowedFilters")
        .actions(List.of("ec2:CreateTrafficMirrorSession"))
        .resources(filterArns)
        .build());
    PolicyStatement.Builder targets = PolicyStatement.Builder.create()
        .sid("CreateSessionsToAllowedTargets")
        .actions(List.of("ec2:CreateTrafficMirrorSession"))
        .resources(targetArns);
    settings.targetOrganizationId().ifPresent(org ->
        targets.conditions(Map.of("StringEquals", Map.of("aws:ResourceOrgID", org))));
    role.addToPrincipalPolicy(targets.build());
  }

  private String ec2Arn(String resource, String name) {
    return Stack.of(this).formatArn(ArnComponents.builder()
        .service("ec2")
        .resource(resource)
        .resourceName(name)
        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
        .build());
  }

  /**
   * The member stack's side of the same allowlist (the hub's {@code allowedTargets} and
   * {@code allowedFilterIds}, passed to the member stack by context): a target named by id is the
   * hub's, shared with the member account through AWS RAM; a target named by ARN is that ARN; a
   * filter is the member account's own (a session's filter belongs to the account creating it).
   *
   * @throws InvalidSettingsException when either list is empty or an entry is malformed
   */
  static void grantMemberCreateSessions(IRole role, String hubAccount, List<String> targets, List<String> filterIds) {
    if (targets.isEmpty() || filterIds.isEmpty()) {
      throw new InvalidSettingsException("the member stack needs the hub's allowlist: -c allowedTargets=tmt-...|ARN,... "
          + "(the hub's own target and its allowedTargets: the hub stack's output AllowedMirrorTargetArns) and "
          + "-c allowedFilterIds=tmf-,... (the filters VPCs of this account use; the hub's allowedFilterIds must name them too)");
    }
    List<String> targetArns = new ArrayList<>();
    for (String target : targets) {
      if (TARGET_ARN.matcher(target).matches()) {
        targetArns.add(target);
      } else if (TARGET_ID.matcher(target).matches()) {
        targetArns.add(memberEc2Arn(role, hubAccount, "traffic-mirror-target", target));
      } else {
        throw new InvalidSettingsException("invalid allowedTargets entry '" + target + "': expected the hub's traffic "
            + "mirror target id like tmt-0123456789abcdef0, or a target's ARN, arn:aws:ec2:REGION:ACCOUNT:traffic-mirror-target/tmt-...");
      }
    }
    List<String> filterArns = new ArrayList<>();
    for (String filter : filterIds) {
      if (!FILTER_ID.matcher(filter).matches()) {
        throw new InvalidSettingsException("invalid allowedFilterIds entry '" + filter + "': expected a traffic "
            + "mirror filter id like tmf-0123456789abcdef0");
      }
      filterArns.add(memberEc2Arn(role, null, "traffic-mirror-filter", filter));
    }
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("CreateSessionsWithAllowedFilters")
        .actions(List.of("ec2:CreateTrafficMirrorSession"))
        .resources(filterArns)
        .build());
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("CreateSessionsToAllowedTargets")
        .actions(List.of("ec2:CreateTrafficMirrorSession"))
        .resources(targetArns)
        .build());
  }

  /** An EC2 ARN in {@code account} (null: the stack's own, the member account). */
  private static String memberEc2Arn(IRole role, String account, String resource, String name) {
    ArnComponents.Builder arn = ArnComponents.builder().service("ec2").resource(resource).resourceName(name)
        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME);
    if (account != null) {
      arn.account(account);
    }
    return Stack.of(role).formatArn(arn.build());
  }
}
