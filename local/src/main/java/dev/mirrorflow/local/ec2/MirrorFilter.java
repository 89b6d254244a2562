package dev.mirrorflow.local.ec2;

import java.util.List;

/** A Traffic Mirroring filter with its rules. */
public record MirrorFilter(
    String id, String description, List<String> networkServices, List<MirrorFilterRule> rules) {

  public MirrorFilter {
    networkServices = List.copyOf(networkServices);
    rules = List.copyOf(rules);
  }

  List<MirrorFilterRule> rules(String direction) {
    return rules.stream().filter(r -> r.trafficDirection().equals(direction)).toList();
  }
}
