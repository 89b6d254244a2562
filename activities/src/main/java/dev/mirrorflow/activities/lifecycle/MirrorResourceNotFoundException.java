package dev.mirrorflow.activities.lifecycle;

/** The traffic mirror target or filter add-vpc was given does not exist. Nothing was changed. */
public class MirrorResourceNotFoundException extends RuntimeException {
  public MirrorResourceNotFoundException(String what, String id, String option) {
    super("traffic mirror " + what + " " + id + " does not exist in this account and region: give an existing one with "
        + option + "; nothing was changed");
  }
}
