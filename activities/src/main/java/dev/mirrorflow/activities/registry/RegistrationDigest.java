package dev.mirrorflow.activities.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What add-vpc last wrote, kept beside the registration so that a change made behind its back shows:
 * the SHA-256 of the registration's canonical JSON (fields and map keys sorted), written into the
 * schedule's Description as {@code registration sha256:<hex>}. The schedule's target Input holds
 * the registration itself; an UpdateSchedule that changes the Input without writing the matching
 * Description (the console, a script, a hand-made call) leaves a registration that is not
 * <em>confirmed</em>.
 *
 * <p>It is a checksum, not a signature: whoever can call UpdateSchedule and knows this format can
 * write a matching digest. What stops that caller is the IAM allowlist of targets and filters and
 * the tamper alarm on the schedule group (infra/README.md, threat model).
 */
public final class RegistrationDigest {
  /** How the digest appears in a schedule's Description. */
  public static final String MARK = "registration sha256:";
  private static final Pattern IN_DESCRIPTION = Pattern.compile(Pattern.quote(MARK) + "([0-9a-f]{64})");
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private RegistrationDigest() {}

  /** The lower-case hex SHA-256 of the registration's canonical JSON. */
  public static String of(VpcRegistration registration) {
    try {
      byte[] canonical = CANONICAL.writeValueAsString(registration).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + registration, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The Description add-vpc gives a VPC's schedule (at most 512 characters, Scheduler's limit). */
  public static String description(VpcRegistration registration) {
    return "Mirrorflow cluster " + registration.cluster() + ": scan " + registration.vpcId()
        + " on the cluster's schedule; "
        + MARK + of(registration);
  }

  /** The digest a Description carries, if any. */
  public static Optional<String> in(String description) {
    if (description == null) {
      return Optional.empty();
    }
    Matcher m = IN_DESCRIPTION.matcher(description);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Whether {@code description} carries the digest of {@code registration}: add-vpc wrote both. */
  public static boolean confirms(String description, VpcRegistration registration) {
    return in(description).map(of(registration)::equals).orElse(false);
  }
}
