package dev.mirrorflow.activities.eni;

import java.util.Locale;
import java.util.Set;

/**
 * Which instance types can be traffic mirror sources, by AWS's current page "Understand traffic mirror
 * session concepts" (VPC Traffic Mirroring guide, section "Instance types"; see DESIGN.md): it lists the
 * supported virtualized families as an allowlist that grows; bare metal is not supported; of the
 * non-Nitro (Xen) families only C4, D2, G3, G3s, H1, I3, M4, P2, P3, R4, X1 and X1e are (not T2). No
 * Nitro family is ruled out by a list here: a family the list names is eligible without a probe, and
 * every other family gets a try. EC2 answers {@code NetworkInterfaceNotSupported} when it cannot, and
 * that answer is remembered per instance type ({@link RefusalMemory}), so a list that is out of date
 * costs one refused call per type, not a modern fleet left unmirrored.
 */
public final class InstanceTypeSupport {
  private InstanceTypeSupport() {}

  /** What the documentation says of a type. */
  public enum Verdict {
    /** Named as supported: a virtualized family on the page's allowlist, or a listed non-Nitro family. */
    SUPPORTED,
    /** Ruled out: bare metal, or a Xen family the page does not list. */
    UNSUPPORTED,
    /** Not named either way: worth one try. */
    UNKNOWN
  }

  /**
   * Virtualized families the current page names as supported (those the issue and DESIGN.md quote; the
   * page lists more, and a family missing here is only probed once per subnet, never skipped).
   */
  static final Set<String> SUPPORTED_NITRO_FAMILIES = Set.of(
      "m6i", "m6a", "m7i", "m7i-flex", "m7g", "c6i", "c7i", "c7g", "r6i", "r7i", "r7iz", "i4i", "x2idn", "p5",
      "trn1", "inf2", "hpc6a");

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
    if (size.startsWith("metal") || UNSUPPORTED_XEN_FAMILIES.contains(family)) {
      return Verdict.UNSUPPORTED;
    }
    return SUPPORTED_NITRO_FAMILIES.contains(family) || SUPPORTED_XEN_FAMILIES.contains(family)
        ? Verdict.SUPPORTED : Verdict.UNKNOWN;
  }

  /** Whether the documentation rules out {@code instanceType} as a source. */
  public static boolean knownUnsupported(String instanceType) {
    return verdict(instanceType) == Verdict.UNSUPPORTED;
  }
}
