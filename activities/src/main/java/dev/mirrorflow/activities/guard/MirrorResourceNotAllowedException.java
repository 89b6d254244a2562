package dev.mirrorflow.activities.guard;

import dev.mirrorflow.activities.input.InvalidInputException;
import java.util.Set;
import java.util.TreeSet;

/**
 * add-vpc named a traffic mirror target or filter the cluster was not deployed to allow. Nothing was
 * written; use an allowed one, or add it to the stack's allowlist (a reviewed stack change).
 */
public class MirrorResourceNotAllowedException extends InvalidInputException {
  public MirrorResourceNotAllowedException(String cluster, String what, String id, Set<String> allowed, String context) {
    super("traffic mirror " + what + " " + id + " is not allowed for cluster '" + cluster + "' (allowed: "
        + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed))) + "): mirrored traffic goes only "
        + "where the cluster's stack allows; use an allowed " + what + ", or deploy the stack with -c " + context
        + "=... naming this one; nothing was changed");
  }
}
