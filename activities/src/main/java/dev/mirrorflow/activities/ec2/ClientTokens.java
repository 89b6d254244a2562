package dev.mirrorflow.activities.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Idempotency tokens for CreateTrafficMirrorSession: one per session and plan. A token is computed
 * once, when a subnet is planned, and travels with the batch, so a create whose response was lost and
 * that the state machine retries reuses it and gets the session already made instead of a second one.
 *
 * <p>Each plan has its own id ({@link #newPlanId}), so no two plans share a token: EC2 answers a reused
 * token with its original result even after that session was deleted (EC2 API reference, "Ensuring
 * idempotency"), so a token shared with an earlier plan (say, one in the same minute) would bring back a
 * deleted session and count it as created while nothing exists. Two runs planned at once cannot both
 * create: EC2 refuses a second session with the same number on one ENI, and the creator then finds the
 * session the other run made.
 */
public final class ClientTokens {
  private ClientTokens() {}

  /** Longest token EC2 accepts. */
  public static final int MAX_LENGTH = 64;
  private static final String PREFIX = "mf1-";

  /** A new plan's id: unique, so that its tokens are too. */
  public static String newPlanId(Instant plannedAt) {
    return plannedAt + "/" + UUID.randomUUID();
  }

  /** The token of creating {@code session} (its own token field is ignored) in the plan {@code planId}. */
  public static String forSession(NewSession session, String planId) {
    String key = String.join("\u0000",
        session.cluster(), session.eniId(), session.targetId(), session.filterId(),
        String.valueOf(session.sessionNumber()), String.valueOf(session.virtualNetworkId()),
        String.valueOf(session.packetLength()), planId);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest, 0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
