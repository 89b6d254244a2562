package dev.mirrorflow.activities.eni;

import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides, from what DescribeNetworkInterfaces and DescribeInstances say, whether each ENI can be a
 * mirror source under a VPC's config. The first rule that fails gives the reason: interface type,
 * requester-managed (unless the config mirrors RDS and ElastiCache), attachment, mirror target, tag
 * policy, remembered refusals, instance type.
 */
public final class EniEligibility {
  private final VpcMirroringConfig config;
  private final Set<String> targetEnis;
  private final RefusalMemory memory;

  /** With nothing known beyond the ENIs themselves (no target ENIs, no remembered refusals). */
  public EniEligibility(VpcMirroringConfig config) {
    this(config, Set.of(), RefusalMemory.none());
  }

  /**
   * @param targetEnis the ENIs of the account's traffic mirror targets
   * @param memory refusals remembered in ENI tags
   */
  public EniEligibility(VpcMirroringConfig config, Set<String> targetEnis, RefusalMemory memory) {
    this.config = config;
    this.targetEnis = Set.copyOf(targetEnis);
    this.memory = memory;
  }

  /** Classifies {@code eni}; {@code instances} holds the instances known by id (may lack its instance). */
  public ClassifiedEni classify(NetworkInterface eni, Map<String, Instance> instances) {
    Instance instance = eni.attachedInstance().map(instances::get).orElse(null);
    String type = instance == null ? null : instance.instanceType();
    if (!NetworkInterface.TYPE_INTERFACE.equals(eni.interfaceType())) {
      return skip(eni, type, SkipReason.NOT_INTERFACE_TYPE);
    }
    boolean managedSource = eni.requesterManaged() && config.mirrorsManagedDatabases();
    if (eni.requesterManaged() && !managedSource) {
      return skip(eni, type, SkipReason.REQUESTER_MANAGED);
    }
    // A requester-managed ENI has no instance of ours: its service attaches it.
    if (eni.attachedInstance().isEmpty() && !managedSource) {
      return skip(eni, type, SkipReason.NOT_ATTACHED);
    }
    if (targetEnis.contains(eni.eniId())) {
      return skip(eni, type, SkipReason.MIRROR_TARGET);
    }
    if (!tagPolicyAllows(eni, instance)) {
      return skip(eni, type, SkipReason.EXCLUDED_BY_TAGS);
    }
    if (memory.repeatingRefusal(eni).isPresent()) {
      return skip(eni, type, SkipReason.REMEMBERED_REFUSAL);
    }
    if (memory.eniRefused(eni, type) || memory.typeRefused(type)) {
      return skip(eni, type, SkipReason.KNOWN_UNSUPPORTED);
    }
    if (InstanceTypeSupport.knownUnsupported(type)) {
      return skip(eni, type, SkipReason.INSTANCE_TYPE_UNSUPPORTED);
    }
    return ClassifiedEni.eligible(eni.eniId(), eni.subnetId(), type);
  }

  private boolean tagPolicyAllows(NetworkInterface eni, Instance instance) {
    Map<String, String> tags = new HashMap<>();
    if (instance != null) {
      tags.putAll(instance.tags());
    }
    tags.putAll(eni.tags());
    if (config.excludeTags().entrySet().stream().anyMatch(e -> matches(tags, e))) {
      return false;
    }
    return config.includeTags().isEmpty()
        || config.includeTags().entrySet().stream().anyMatch(e -> matches(tags, e));
  }

  private static boolean matches(Map<String, String> tags, Map.Entry<String, String> wanted) {
    String actual = tags.get(wanted.getKey());
    return actual != null
        && (VpcMirroringConfig.ANY_VALUE.equals(wanted.getValue()) || actual.equals(wanted.getValue()));
  }

  private static ClassifiedEni skip(NetworkInterface eni, String type, SkipReason reason) {
    return ClassifiedEni.skipped(eni.eniId(), eni.subnetId(), type, reason);
  }
}
