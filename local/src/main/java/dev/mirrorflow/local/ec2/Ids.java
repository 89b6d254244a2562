package dev.mirrorflow.local.ec2;

/** EC2's id syntax checks: a known prefix, then hexadecimal. */
final class Ids {
  private Ids() {}

  static void check(String id, String prefix, String malformedCode) {
    if (id == null || !id.startsWith(prefix) || id.length() == prefix.length()
        || !id.substring(prefix.length()).matches("[0-9a-zA-Z]+")) {
      throw LocalEc2Exception.client(malformedCode,
          "Invalid id: \"" + id + "\" (expecting \"" + prefix + "...\")");
    }
  }
}
