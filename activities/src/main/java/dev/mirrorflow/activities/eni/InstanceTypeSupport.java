package dev.mirrorflow.activities.eni;

import java.util.Locale;
import java.util.Set;

/**
 * Which instance types can be traffic mirror sources, from AWS's documentation (Traffic Mirroring
 * limitations, "Instance types"): these virtualized Nitro families cannot; bare metal cannot; of the
 * non-Nitro (Xen) families only C4, D2, G3, G3s, H1, I3, M4, P2, P3, R4, X1 and X1e can (not T2).
 *
 * <p>A type this class does not know is worth one try: if EC2 refuses it with {@code
 * NetworkInterfaceNotSupported}, that is remembered on the ENI.
 */
public final class InstanceTypeSupport {
  private InstanceTypeSupport() {}

  /** Virtualized Nitro families that do not support mirroring (AWS documentation). */
  static final Set<String> UNSUPPORTED_NITRO_FAMILIES = Set.of(
      // General purpose
      "m8g", "m6a", "m6i", "m6id", "m6idn", "m6in", "m7a", "m7g", "m7gd", "m7i", "m7i-flex",
      // Compute optimized
      "c8g", "c6a", "c6gd", "c6gn", "c6i", "c6id", "c6in", "c7a", "c7g", "c7gd", "c7gn", "c7i",
      // Memory optimized
      "r8g", "r6a", "r6i", "r6id", "r6idn", "r6in", "r7a", "r7g", "r7gd", "r7i", "r7iz",
      "x8g", "x2idn", "x2iedn", "x2iezn",
      // Storage optimized
      "i4g", "i4i", "im4gn", "is4gen",
      // Accelerated computing
      "inf2", "p5", "trn1", "trn1n",
      // High-performance computing
      "hpc6a", "hpc6id", "hpc7a", "hpc7g");

  /** Non-Nitro (Xen) families the documentation does not list as supported: previous generations. */
  static final Set<String> UNSUPPORTED_XEN_FAMILIES = Set.of(
      "t1", "t2", "m1", "m2", "m3", "c1", "c3", "cc2", "cg1", "cr1", "hi1", "hs1", "r3", "i2", "g2");

  /** Whether the documentation rules out {@code instanceType} (e.g. {@code m6i.large}) as a source. */
  public static boolean knownUnsupported(String instanceType) {
    if (instanceType == null || instanceType.isBlank()) {
      return false;
    }
    String type = instanceType.toLowerCase(Locale.ROOT);
    int dot = type.indexOf('.');
    String family = dot < 0 ? type : type.substring(0, dot);
    String size = dot < 0 ? "" : type.substring(dot + 1);
    return size.startsWith("metal")
        || UNSUPPORTED_NITRO_FAMILIES.contains(family)
        || UNSUPPORTED_XEN_FAMILIES.contains(family);
  }
}
