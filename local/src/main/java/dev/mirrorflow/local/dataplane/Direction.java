package dev.mirrorflow.local.dataplane;

import java.util.Locale;

/** Which way a packet crosses its ENI: ingress is received by the ENI, egress is sent by it. */
public enum Direction {
  INGRESS,
  EGRESS;

  /** As Traffic Mirroring's {@code TrafficDirection} spells it. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Direction parse(String text) {
    if (text != null) {
      for (Direction d : values()) {
        if (d.wire().equalsIgnoreCase(text)) {
          return d;
        }
      }
    }
    throw new IllegalArgumentException("a direction is \"ingress\" or \"egress\", got " + text);
  }
}
