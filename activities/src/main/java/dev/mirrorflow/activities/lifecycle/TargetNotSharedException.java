package dev.mirrorflow.activities.lifecycle;

/**
 * add-vpc in a member account: the mirror target is not visible from that account, so its sessions
 * could not use it. Nothing was changed.
 */
public class TargetNotSharedException extends RuntimeException {
  public TargetNotSharedException(String targetId, String account) {
    super("traffic mirror target " + targetId + " is not visible from account " + account
        + ": share the target with RAM (an AWS RAM resource share of the target with account " + account
        + " or its organization), then run add-vpc again; nothing was changed");
  }
}
