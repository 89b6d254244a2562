package dev.mirrorflow.activities.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Deterministic idempotency tokens for CreateTrafficMirrorSession: the same cluster, ENI, session
 * parameters and planning minute give the same token, so a create whose response was lost and that
 * the state machine retries returns the session already made instead of a second one.
 *
 * <p>The planning minute is part of the token because EC2 answers a reused token with the original
 * result even after that session was deleted (by a person, or by a config flip-flop): without it, a
 * session deleted behind our back could never be re-created with the same parameters. A minute is
 * the scan cadence, so the next scheduled scan after such a deletion plans with a fresh token. Tokens
 * are computed once, when a subnet is planned, and travel with the batch, so retries always reuse
 * them. Two runs planned in different minutes cannot both create: EC2 refuses a second session with
 * the same number on one ENI.
 */
public final class ClientTokens {
  private ClientTokens() {}

  /** Longest token EC2 accepts. */
  public static final int MAX_LENGTH = 64;
  private static final String PREFIX = "mf1-";

  /** The token of creating {@code session} (its own token field is ignored) planned at {@code plannedAt}. */
  public static String forSession(NewSession session, Instant plannedAt) {
    long minute = plannedAt.getEpochSecond() / 60;
    String key = String.join("\u0000",
        session.cluster(), session.eniId(), session.targetId(), session.filterId(),
        String.valueOf(session.sessionNumber()), String.valueOf(session.virtualNetworkId()),
        String.valueOf(session.packetLength()), String.valueOf(minute));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest, 0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
