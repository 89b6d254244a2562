package dev.mirrorflow.activities.eni;

import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides, from what DescribeNetworkInterfaces and DescribeInstances say, whether each ENI can be a
 * mirror source under a VPC's config. The first rule that fails gives the reason: interface type,
 * requester-managed, attachment, tag policy, remembered refusal, instance type.
 */
public final class EniEligibility {
  private final VpcMirroringConfig config;

  public EniEligibility(VpcMirroringConfig config) {
    this.config = config;
  }

  /** Classifies {@code eni}; {@code instances} holds the instances known by id (may lack its instance). */
  public ClassifiedEni classify(NetworkInterface eni, Map<String, Instance> instances) {
    Instance instance = eni.attachedInstance().map(instances::get).orElse(null);
    String type = instance == null ? null : instance.instanceType();
    if (!NetworkInterface.TYPE_INTERFACE.equals(eni.interfaceType())) {
      return skip(eni, type, SkipReason.NOT_INTERFACE_TYPE);
    }
    if (eni.requesterManaged()) {
      return skip(eni, type, SkipReason.REQUESTER_MANAGED);
    }
    if (eni.attachedInstance().isEmpty()) {
      return skip(eni, type, SkipReason.NOT_ATTACHED);
    }
    if (!tagPolicyAllows(eni, instance)) {
      return skip(eni, type, SkipReason.EXCLUDED_BY_TAGS);
    }
    String refusedFor = eni.tags().get(MirrorTags.MIRRORING_UNSUPPORTED);
    // A refusal is remembered with the instance type of the time: a resized instance gets another try.
    if (refusedFor != null && (type == null || refusedFor.equals(type) || "unknown".equals(refusedFor))) {
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
