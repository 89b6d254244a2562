package dev.mirrorflow.activities.input;

import java.util.List;
import java.util.regex.Pattern;

/** Checks the ids a step receives before anything reaches AWS. */
public final class Ids {
  private Ids() {}

  /**
   * Cluster names: letters, digits and dashes, at most 22 characters, because the longest rule name
   * {@code mirrorflow-<cluster>-<vpcId>-schedule} must fit EventBridge's 64.
   */
  public static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,21}");
  public static final Pattern VPC = Pattern.compile("vpc-[0-9a-f]{8,17}");
  public static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
  public static final Pattern ENI = Pattern.compile("eni-[0-9a-f]{8,17}");
  public static final Pattern SESSION = Pattern.compile("tms-[0-9a-f]{8,17}");
  public static final Pattern TARGET = Pattern.compile("tmt-[0-9a-f]{8,17}");
  public static final Pattern FILTER = Pattern.compile("tmf-[0-9a-f]{8,17}");

  public static String cluster(String value) {
    return check("cluster", value, CLUSTER, "a cluster name of letters, digits and dashes, at most 22 characters");
  }

  public static String vpc(String value) {
    return check("vpcId", value, VPC, "a VPC id like vpc-0123456789abcdef0");
  }

  public static String subnet(String value) {
    return check("subnetId", value, SUBNET, "a subnet id like subnet-0123456789abcdef0");
  }

  public static List<String> subnets(List<String> values) {
    if (values == null) {
      return List.of();
    }
    values.forEach(Ids::subnet);
    return List.copyOf(values);
  }

  public static String eni(String value) {
    return check("eniId", value, ENI, "an ENI id like eni-0123456789abcdef0");
  }

  public static String session(String value) {
    return check("sessionId", value, SESSION, "a traffic mirror session id like tms-0123456789abcdef0");
  }

  public static String target(String value) {
    return check("targetId", value, TARGET, "a traffic mirror target id like tmt-0123456789abcdef0");
  }

  public static String filter(String value) {
    return check("filterId", value, FILTER, "a traffic mirror filter id like tmf-0123456789abcdef0");
  }

  /** Fails with a named error when a required field is missing. */
  public static <T> T required(String field, T value) {
    if (value == null) {
      throw new InvalidInputException("missing required field '" + field + "'");
    }
    return value;
  }

  private static String check(String field, String value, Pattern pattern, String expected) {
    if (value == null) {
      throw new InvalidInputException("missing required field '" + field + "': expected " + expected);
    }
    if (!pattern.matcher(value).matches()) {
      throw new InvalidInputException("malformed " + field + " '" + value + "': expected " + expected);
    }
    return value;
  }
}
