package dev.mirrorflow.cli;

import java.util.regex.Pattern;

/** Checks of resource ids, so that a typo is caught before anything starts. */
final class Ids {
  private static final Pattern VPC = Pattern.compile("vpc-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern TARGET = Pattern.compile("tmt-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern FILTER = Pattern.compile("tmf-[0-9a-f]{8}([0-9a-f]{9})?");

  private Ids() {}

  static String vpc(String id) {
    return check(VPC, id, "VPC id", "vpc-0123456789abcdef0");
  }

  static String subnet(String id) {
    return check(SUBNET, id, "subnet id", "subnet-0123456789abcdef0");
  }

  static String target(String id) {
    return check(TARGET, id, "mirror target id", "tmt-0123456789abcdef0");
  }

  static String filter(String id) {
    return check(FILTER, id, "mirror filter id", "tmf-0123456789abcdef0");
  }

  private static String check(Pattern pattern, String id, String what, String example) {
    if (id == null || !pattern.matcher(id).matches()) {
      throw new BadInputException(
          "'" + id + "' is not a " + what + ": expected the form " + example);
    }
    return id;
  }
}
