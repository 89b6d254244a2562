package dev.mirrorflow.activities.route;

import dev.mirrorflow.activities.ec2.Ec2Locator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** EC2 as two maps, the instances it describes and those its launch-time listing returns; records every call. */
final class RecordingLocator implements Ec2Locator {
  final Map<String, Placement> described = new HashMap<>();
  final Map<String, Placement> launched = new HashMap<>();
  final List<String> calls = new ArrayList<>();

  @Override
  public Optional<Placement> instance(String instanceId) {
    calls.add("DescribeInstances " + instanceId);
    return Optional.ofNullable(described.get(instanceId));
  }

  @Override
  public Map<String, Placement> launchedAround(Instant when) {
    calls.add("DescribeInstances launch-time");
    return Map.copyOf(launched);
  }

  @Override
  public Map<String, String> vpcsOfSubnets(Collection<String> subnetIds) {
    throw new AssertionError("no subnet is asked about");
  }
}
