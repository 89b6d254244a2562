package dev.mirrorflow.activities.eni;

import java.util.Locale;
import java.util.Set;

/**
 * Which instance types can be traffic mirror sources, by AWS's page "Understand traffic mirror session
 * concepts" (VPC Traffic Mirroring guide, section "Instance types"): the virtualized Nitro families it
 * names are not available; bare metal is not; of the non-Nitro (Xen) families only C4, D2, G3, G3s,
 * H1, I3, M4, P2, P3, R4, X1 and X1e are (not T2). Every other family gets a try: EC2 answers {@code
 * NetworkInterfaceNotSupported} when it cannot, and that answer is remembered per instance type
 * ({@link RefusalMemory}).
 */
public final class InstanceTypeSupport {
  private InstanceTypeSupport() {}

  /** What the documentation says of a type. */
  public enum Verdict {
    /** Named as supported (the non-Nitro families the page lists). */
    SUPPORTED,
    /** Ruled out: a named virtualized family, bare metal, or a Xen family the page does not list. */
    UNSUPPORTED,
    /** Not named either way: worth one try. */
    UNKNOWN
  }

  /** Virtualized Nitro families on which the page says Traffic Mirroring is not available. */
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

  /** The non-Nitro families the page names as the only ones available. */
  static final Set<String> SUPPORTED_XEN_FAMILIES = Set.of(
      "c4", "d2", "g3", "g3s", "h1", "i3", "m4", "p2", "p3", "r4", "x1", "x1e");

  /**
   * Non-Nitro (Xen) families the page does not list, so not available. The page names T2; which of the
   * other previous-generation families run on Xen is not on that page (see local/README.md).
   */
  static final Set<String> UNSUPPORTED_XEN_FAMILIES = Set.of(
      "t1", "t2", "m1", "m2", "m3", "c1", "c3", "cc1", "cc2", "cg1", "cr1", "hi1", "hs1", "r3", "i2", "g2");

  /** The documentation's verdict on {@code instanceType} (e.g. {@code m7i.large}); null or blank is unknown. */
  public static Verdict verdict(String instanceType) {
    if (instanceType == null || instanceType.isBlank()) {
      return Verdict.UNKNOWN;
    }
    String type = instanceType.toLowerCase(Locale.ROOT).trim();
    int dot = type.indexOf('.');
    String family = dot < 0 ? type : type.substring(0, dot);
    String size = dot < 0 ? "" : type.substring(dot + 1);
    if (size.startsWith("metal") || UNSUPPORTED_NITRO_FAMILIES.contains(family)
        || UNSUPPORTED_XEN_FAMILIES.contains(family)) {
      return Verdict.UNSUPPORTED;
    }
    return SUPPORTED_XEN_FAMILIES.contains(family) ? Verdict.SUPPORTED : Verdict.UNKNOWN;
  }

  /** Whether the documentation rules out {@code instanceType} as a source. */
  public static boolean knownUnsupported(String instanceType) {
    return verdict(instanceType) == Verdict.UNSUPPORTED;
  }
}
