package dev.mirrorflow.activities.eni;

import dev.mirrorflow.activities.ec2.MirrorTags;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * EC2's refusals that will repeat, remembered in ENI tags (no datastore: the tags travel with the
 * ENIs, are read by the describe calls the planner makes anyway, and outlive any Lambda invocation).
 * A tag's value is {@code <subject>@<ISO instant>}; past its lifetime a memory is ignored, and the
 * next create tries again.
 *
 * <ul>
 *   <li>{@link MirrorTags#MIRRORING_UNSUPPORTED}, subject the instance type: {@code
 *       NetworkInterfaceNotSupported}. It counts for every ENI of that type in the account for {@link
 *       #UNSUPPORTED_FOR} (AWS adds families over time), so a fleet of one unsupported type costs one
 *       refused call, not one per ENI.
 *   <li>{@link MirrorTags#REFUSED}, subject the error code: a refusal that is not about the ENI and
 *       repeats until someone acts ({@link #REPEATING_CODES}), remembered for {@link #LIMIT_FOR}.
 * </ul>
 */
public final class RefusalMemory {
  /** How long a type EC2 refused stays refused. */
  public static final Duration UNSUPPORTED_FOR = Duration.ofDays(1);
  /** How long a repeating refusal keeps its ENI from being tried. */
  public static final Duration LIMIT_FOR = Duration.ofHours(1);
  /** EC2's answer for a source it cannot mirror. */
  public static final String NOT_SUPPORTED = "NetworkInterfaceNotSupported";
  /** Refusals that repeat for every ENI until someone acts: the account's quota, the target's sources. */
  public static final Set<String> REPEATING_CODES = Set.of(
      "TrafficMirrorSessionLimitExceeded", "TrafficMirrorSourcesPerTargetLimitExceeded");
  /** The subject of a refusal of an ENI with no instance (its type is not known). */
  public static final String UNKNOWN_TYPE = "unknown";

  /** One remembered refusal. */
  public record Entry(String subject, Instant at) {
    /** The tag value: {@code subject@instant}. */
    public String value() {
      return subject + "@" + at.truncatedTo(ChronoUnit.SECONDS);
    }
  }

  private final Instant now;
  private final Set<String> refusedTypes;

  private RefusalMemory(Instant now, Set<String> refusedTypes) {
    this.now = now;
    this.refusedTypes = Set.copyOf(refusedTypes);
  }

  /** Nothing remembered. */
  public static RefusalMemory none() {
    return new RefusalMemory(Instant.EPOCH, Set.of());
  }

  /** The memory at {@code now} of {@code tagged}: ENIs (of any VPC of the account) carrying a refusal tag. */
  public static RefusalMemory of(Instant now, Collection<NetworkInterface> tagged) {
    Set<String> types = new HashSet<>();
    for (NetworkInterface eni : tagged) {
      parse(eni.tags().get(MirrorTags.MIRRORING_UNSUPPORTED))
          .filter(e -> live(e, now, UNSUPPORTED_FOR) && !UNKNOWN_TYPE.equals(e.subject()))
          .ifPresent(e -> types.add(normal(e.subject())));
    }
    return new RefusalMemory(now, types);
  }

  /** Parses a tag value; empty when it is absent or not {@code subject@instant} (an older, untimed memory). */
  public static Optional<Entry> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    int at = value.lastIndexOf('@');
    if (at <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Entry(value.substring(0, at), Instant.parse(value.substring(at + 1))));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The instance types EC2 refused within {@link #UNSUPPORTED_FOR}. */
  public Set<String> refusedTypes() {
    return refusedTypes;
  }

  /**
   * Whether EC2 refused {@code instanceType} (on any ENI of the account) within {@link #UNSUPPORTED_FOR}.
   * Never for a type the documentation names as supported: a refusal of one such ENI is about that ENI.
   */
  public boolean typeRefused(String instanceType) {
    return instanceType != null && refusedTypes.contains(normal(instanceType))
        && InstanceTypeSupport.verdict(instanceType) != InstanceTypeSupport.Verdict.SUPPORTED;
  }

  /**
   * Whether EC2 refused this very ENI within {@link #UNSUPPORTED_FOR} with the instance type it has now
   * (a resized instance is worth another try).
   */
  public boolean eniRefused(NetworkInterface eni, String instanceType) {
    return parse(eni.tags().get(MirrorTags.MIRRORING_UNSUPPORTED))
        .filter(e -> live(e, now, UNSUPPORTED_FOR))
        .filter(e -> instanceType == null || UNKNOWN_TYPE.equals(e.subject())
            || normal(e.subject()).equals(normal(instanceType)))
        .isPresent();
  }

  /** The live repeating refusal remembered on this ENI, if any. */
  public Optional<Entry> repeatingRefusal(NetworkInterface eni) {
    return parse(eni.tags().get(MirrorTags.REFUSED)).filter(e -> live(e, now, LIMIT_FOR));
  }

  private static boolean live(Entry e, Instant now, Duration lifetime) {
    return e.at().plus(lifetime).isAfter(now);
  }

  private static String normal(String type) {
    return type.toLowerCase(Locale.ROOT).trim();
  }
}
