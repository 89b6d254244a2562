package dev.mirrorflow.activities.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Deterministic idempotency tokens for CreateTrafficMirrorSession: the same cluster, ENI, session
 * parameters and planning hour give the same token, so a create whose response was lost and that
 * the state machine retries returns the session already made instead of a second one.
 *
 * <p>The planning hour is part of the token because EC2 answers a reused token with the original
 * result even after that session was deleted (by a person, or by a config flip-flop): without it, a
 * session deleted behind our back could never be re-created with the same parameters. Tokens are
 * computed once, when a subnet is planned, and travel with the batch, so retries always reuse them.
 */
public final class ClientTokens {
  private ClientTokens() {}

  /** Longest token EC2 accepts. */
  public static final int MAX_LENGTH = 64;
  private static final String PREFIX = "mf1-";

  /** The token of creating {@code session} (its own token field is ignored) planned at {@code plannedAt}. */
  public static String forSession(NewSession session, Instant plannedAt) {
    long hour = plannedAt.getEpochSecond() / 3600;
    String key = String.join("\u0000",
        session.cluster(), session.eniId(), session.targetId(), session.filterId(),
        String.valueOf(session.sessionNumber()), String.valueOf(session.virtualNetworkId()),
        String.valueOf(session.packetLength()), String.valueOf(hour));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest, 0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
