package dev.mirrorflow.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * CDK's logical-id scheme (its {@code makeUniqueId}: the path below the stack, without "Default",
 * readable part plus an 8-digit MD5 of the path), to rename a resource in a {@link ClusterRoom} to the
 * id it had before the rooms. {@code LogicalIdsTest} pins it against CDK's own allocation.
 */
final class LogicalIds {
  private static final String HIDDEN = "Default";
  private static final String HIDDEN_FROM_HUMAN = "Resource";
  private static final int HASH_LENGTH = 8;
  private static final int MAX_HUMAN_LENGTH = 240;
  private static final int MAX_ID_LENGTH = 255;

  private LogicalIds() {}

  /**
   * Renames the logical id CDK allocates to {@code element} (or to the element {@code below} it, made
   * later) to the one it would have without the rooms on its path; nothing when no room stands there.
   */
  static void keepOutsideRooms(IConstruct element, String... below) {
    Stack stack = Stack.of(element);
    List<IConstruct> scopes = element.getNode().getScopes();
    List<String> path = new ArrayList<>();
    List<String> withoutRooms = new ArrayList<>();
    for (IConstruct scope : scopes.subList(scopes.indexOf(stack) + 1, scopes.size())) {
      path.add(scope.getNode().getId());
      if (!(scope instanceof ClusterRoom)) {
        withoutRooms.add(scope.getNode().getId());
      }
    }
    path.addAll(List.of(below));
    withoutRooms.addAll(List.of(below));
    if (path.size() != withoutRooms.size()) {
      stack.renameLogicalId(of(path), of(withoutRooms));
    }
  }

  /** CDK's unique id of a path of construct ids. */
  static String of(List<String> components) {
    List<String> path = components.stream().filter(c -> !c.equals(HIDDEN)).toList();
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a logical id needs at least one construct id besides 'Default'");
    }
    if (path.size() == 1) {
      String candidate = alphanumeric(path.get(0));
      if (candidate.length() <= MAX_ID_LENGTH) {
        return candidate;
      }
    }
    StringBuilder human = new StringBuilder();
    String previous = null;
    for (String component : path) {
      if (previous != null && previous.endsWith(component)) {
        continue;
      }
      previous = component;
      if (!component.equals(HIDDEN_FROM_HUMAN)) {
        human.append(alphanumeric(component));
      }
    }
    String readable = human.length() > MAX_HUMAN_LENGTH ? human.substring(0, MAX_HUMAN_LENGTH) : human.toString();
    return readable + hash(String.join("/", path));
  }

  private static String alphanumeric(String s) {
    return s.replaceAll("[^A-Za-z0-9]", "");
  }

  private static String hash(String path) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(path.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md5).substring(0, HASH_LENGTH).toUpperCase(java.util.Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every Java runtime", e);
    }
  }
}
