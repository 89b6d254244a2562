package dev.mirrorflow.local.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one EC2 query-protocol request, with the protocol's flattened lists: {@code
 * NetworkInterfaceId.N}, {@code Filter.N.Name} / {@code Filter.N.Value.M}, {@code
 * TagSpecification.N.ResourceType} / {@code TagSpecification.N.Tag.M.Key|Value}, {@code
 * Tag.N.Key|Value}. Lists are 1-based and end at the first missing index.
 */
final class QueryParams {
  /** One {@code Filter.N}: a name and the values any of which may match. */
  record Filter(String name, List<String> values) {}

  private final Map<String, String> params;

  QueryParams(Map<String, String> params) {
    this.params = Map.copyOf(params);
  }

  String action() {
    return params.get("Action");
  }

  /** The parameter, or null. */
  String string(String name) {
    return params.get(name);
  }

  String required(String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      throw LocalEc2Exception.missingParameter(name);
    }
    return value;
  }

  Optional<Integer> integer(String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw LocalEc2Exception.invalidParameter(
          "Value (" + value + ") for parameter " + name + " is invalid. Expected an integer.");
    }
  }

  int requiredInteger(String name) {
    required(name);
    return integer(name).orElseThrow();
  }

  boolean bool(String name, boolean fallback) {
    String value = params.get(name);
    return value == null || value.isEmpty() ? fallback : Boolean.parseBoolean(value.trim());
  }

  /** {@code prefix.1}, {@code prefix.2}, ... */
  List<String> list(String prefix) {
    List<String> out = new ArrayList<>();
    for (int i = 1; params.containsKey(prefix + "." + i); i++) {
      out.add(params.get(prefix + "." + i));
    }
    return out;
  }

  /** {@code Filter.N.Name} with {@code Filter.N.Value.M}. */
  /** Every parameter, for comparing two requests that carry the same client token. */
  Map<String, String> all() {
    return params;
  }

  List<Filter> filters() {
    List<Filter> out = new ArrayList<>();
    for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
      out.add(new Filter(params.get("Filter." + i + ".Name"), list("Filter." + i + ".Value")));
    }
    return out;
  }

  /** {@code prefix.N.Key} with {@code prefix.N.Value} (a missing value is empty), in order. */
  Map<String, String> tags(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; params.containsKey(prefix + "." + i + ".Key"); i++) {
      String value = params.get(prefix + "." + i + ".Value");
      out.put(params.get(prefix + "." + i + ".Key"), value == null ? "" : value);
    }
    return out;
  }

  /**
   * The tags of the {@code TagSpecification.N} for {@code resourceType}, ignoring those for other
   * resource types (RunInstances tags instances, volumes and network interfaces in one request).
   */
  Map<String, String> tagSpecificationsFor(String resourceType) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; params.containsKey("TagSpecification." + i + ".ResourceType"); i++) {
      if (resourceType.equals(params.get("TagSpecification." + i + ".ResourceType"))) {
        out.putAll(tags("TagSpecification." + i + ".Tag"));
      }
    }
    return out;
  }

  /**
   * The tags of {@code TagSpecification.N} whose {@code ResourceType} is {@code resourceType}; a
   * specification for another resource type is an error, as on EC2.
   */
  Map<String, String> tagSpecifications(String resourceType) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; params.containsKey("TagSpecification." + i + ".ResourceType")
        || params.containsKey("TagSpecification." + i + ".Tag.1.Key"); i++) {
      String type = params.get("TagSpecification." + i + ".ResourceType");
      if (type != null && !type.equals(resourceType)) {
        throw LocalEc2Exception.invalidParameter(
            "'" + type + "' is not a valid taggable resource type for this operation.");
      }
      out.putAll(tags("TagSpecification." + i + ".Tag"));
    }
    return out;
  }
}
