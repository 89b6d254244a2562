package dev.mirrorflow.activities.ec2;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The EC2 of every account a cluster mirrors: the hub's own, and each member account's, reached
 * through the member role (built once per account and kept, so a warm function reuses its assumed
 * credentials). Sessions are created in the account that owns the source ENI, so every step asks for
 * the adapter of the VPC's account.
 *
 * @param <T> the adapter (e.g. {@link Ec2Mirroring})
 */
public final class Ec2Accounts<T> {
  private final T hub;
  private final String hubAccount;
  private final Function<String, T> member;
  private final Map<String, T> members = new ConcurrentHashMap<>();

  private Ec2Accounts(T hub, String hubAccount, Function<String, T> member) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.hubAccount = hubAccount;
    this.member = Objects.requireNonNull(member, "member");
  }

  /**
   * The hub's adapter for null and {@code hubAccount} (may be null when unknown), {@code member}'s
   * adapter of any other account.
   */
  public static <T> Ec2Accounts<T> of(T hub, String hubAccount, Function<String, T> member) {
    return new Ec2Accounts<>(hub, hubAccount, member);
  }

  /** One adapter for every account (tests, and single-account tools). */
  public static <T> Ec2Accounts<T> single(T ec2) {
    return new Ec2Accounts<>(ec2, null, account -> ec2);
  }

  /** The adapter of {@code account}: null or the hub's own account is the hub's. */
  public T in(String account) {
    if (account == null || account.equals(hubAccount)) {
      return hub;
    }
    return members.computeIfAbsent(account, member);
  }

  /** The hub's own account, when known. */
  public String hubAccount() {
    return hubAccount;
  }
}
