package dev.mirrorflow.activities.ec2;

import java.util.Map;

/**
 * What DescribeInstances says about an instance, as far as mirroring cares.
 *
 * @param instanceId instance id ({@code i-...})
 * @param instanceType e.g. {@code m5.large}
 * @param tags its tags (the tag policy also looks at them)
 */
public record Instance(String instanceId, String instanceType, Map<String, String> tags) {
  public Instance {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
