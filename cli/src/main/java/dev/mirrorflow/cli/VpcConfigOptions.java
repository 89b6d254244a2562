package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.registry.InvalidVpcConfigException;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The mirroring options of add-vpc (and of plan, which previews them). An option not given keeps what
 * the VPC's registration already has, so re-running add-vpc with one option changes only that one.
 */
final class VpcConfigOptions {
  @Option(names = "--target-id", description = "Mirror target (default: as registered, else the cluster's).")
  String targetId;

  @Option(names = "--filter-id", description = "Mirror filter (default: as registered, else the cluster's).")
  String filterId;

  @Option(names = "--vni", description = "VXLAN network identifier, 0-16777215 (default: as registered, else AWS picks one).")
  Integer vni;

  @Option(names = "--session-number", description = "Session number 1-32766; lower is evaluated first (default: as registered, else 1).")
  Integer sessionNumber;

  @Option(names = "--packet-length", description = "Bytes of each packet to mirror, 1-8500 (default: as registered, "
      + "else the whole packet; to a Network Load Balancer target, AWS's 8500).")
  Integer packetLength;

  @Option(names = "--mirror-managed-databases", negatable = true, description = "Also mirror the ENIs that Amazon RDS "
      + "and Amazon ElastiCache manage in the VPC (default: as registered, else off: requester-managed ENIs are skipped).")
  Boolean mirrorManagedDatabases;

  @Option(names = "--account", paramLabel = "ACCOUNT_ID", description = "The member account that owns the VPC "
      + "(12 digits; it needs the member stack). Default: as registered, else the hub's own account.")
  String account;

  @Option(names = "--include-tag", paramLabel = "K=V",
      description = "Mirror only instances with this tag (repeatable; V = * for any value; replaces the registered list).")
  List<String> includeTags = new ArrayList<>();

  @Option(names = "--exclude-tag", paramLabel = "K=V",
      description = "Never mirror instances with this tag (repeatable; wins over include; replaces the registered list).")
  List<String> excludeTags = new ArrayList<>();

  /** Ranges and forms, before anything starts. */
  void validate() {
    if (targetId != null) {
      Ids.target(targetId);
    }
    if (filterId != null) {
      Ids.filter(filterId);
    }
    if (vni != null && (vni < 0 || vni > VpcMirroringConfig.MAX_VIRTUAL_NETWORK_ID)) {
      throw new BadInputException(
          "--vni must be 0 to " + VpcMirroringConfig.MAX_VIRTUAL_NETWORK_ID + " (24 bits), got " + vni);
    }
    if (sessionNumber != null && (sessionNumber < 1 || sessionNumber > VpcMirroringConfig.MAX_SESSION_NUMBER)) {
      throw new BadInputException(
          "--session-number must be 1 to " + VpcMirroringConfig.MAX_SESSION_NUMBER + ", got " + sessionNumber);
    }
    if (packetLength != null && (packetLength < 1 || packetLength > VpcMirroringConfig.MAX_PACKET_LENGTH)) {
      throw new BadInputException("--packet-length must be 1 to " + VpcMirroringConfig.MAX_PACKET_LENGTH
          + " bytes (AWS's CreateTrafficMirrorSession limit), got " + packetLength);
    }
    tags(includeTags, "--include-tag");
    tags(excludeTags, "--exclude-tag");
    if (account != null && !account.matches("[0-9]{12}")) {
      throw new BadInputException("--account must be a 12-digit AWS account id like 222222222222, got " + account);
    }
  }

  boolean anyGiven() {
    return targetId != null || filterId != null || vni != null || sessionNumber != null || packetLength != null
        || mirrorManagedDatabases != null || !includeTags.isEmpty() || !excludeTags.isEmpty() || account != null;
  }

  /**
   * The workflow's {@code config}: what was given, and for what was not, the registered value. Target
   * and filter left out entirely fall back to the cluster's defaults in the workflow's Validate step.
   */
  ObjectNode config(Optional<VpcMirroringConfig> registered) {
    VpcMirroringConfig kept = registered.orElse(null);
    ObjectNode config = Printer.JSON.createObjectNode();
    putIfPresent(config, "targetId", targetId != null ? targetId : kept == null ? null : kept.targetId());
    putIfPresent(config, "filterId", filterId != null ? filterId : kept == null ? null : kept.filterId());
    Integer v = vni != null ? vni : kept == null ? null : kept.virtualNetworkId();
    if (v != null) {
      config.put("virtualNetworkId", v);
    }
    Integer n = sessionNumber != null ? sessionNumber : kept == null ? null : kept.sessionNumber();
    if (n != null) {
      config.put("sessionNumber", n);
    }
    Integer p = packetLength != null ? packetLength : kept == null ? null : kept.packetLength();
    if (p != null) {
      config.put("packetLength", p);
    }
    boolean managed = mirrorManagedDatabases != null ? mirrorManagedDatabases : kept != null && kept.mirrorsManagedDatabases();
    if (managed) {
      config.put("mirrorManagedDatabases", true);
    }
    config.set("includeTags", includeTags.isEmpty() && kept != null
        ? Printer.JSON.valueToTree(kept.includeTags()) : tags(includeTags, "--include-tag"));
    config.set("excludeTags", excludeTags.isEmpty() && kept != null
        ? Printer.JSON.valueToTree(kept.excludeTags()) : tags(excludeTags, "--exclude-tag"));
    putIfPresent(config, "account", account != null ? account : kept == null ? null : kept.account());
    return config;
  }

  /** The full config these options make, target and filter defaulting to the cluster's. */
  VpcMirroringConfig resolve(Optional<VpcMirroringConfig> registered, String defaultTargetId, String defaultFilterId) {
    ObjectNode c = config(registered);
    String target = c.path("targetId").asText(defaultTargetId);
    String filter = c.path("filterId").asText(defaultFilterId);
    if (target == null || target.isEmpty() || filter == null || filter.isEmpty()) {
      throw new BadInputException("the cluster has no default mirror target or filter: give --target-id and --filter-id");
    }
    try {
      return new VpcMirroringConfig(target, filter,
          c.has("virtualNetworkId") ? c.path("virtualNetworkId").asInt() : null,
          c.has("sessionNumber") ? c.path("sessionNumber").asInt() : null,
          c.has("packetLength") ? c.path("packetLength").asInt() : null,
          Printer.JSON.convertValue(c.path("includeTags"), Map.class),
          Printer.JSON.convertValue(c.path("excludeTags"), Map.class),
          c.path("mirrorManagedDatabases").asBoolean(false),
          c.hasNonNull("account") ? c.path("account").asText() : null);
    } catch (InvalidVpcConfigException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** What changes from {@code before} to {@code after}, field by field ("field: old -> new"). */
  static Map<String, String> differences(VpcMirroringConfig before, VpcMirroringConfig after) {
    Map<String, String> changes = new LinkedHashMap<>();
    diff(changes, "targetId", before.targetId(), after.targetId());
    diff(changes, "filterId", before.filterId(), after.filterId());
    diff(changes, "account", before.account(), after.account());
    diff(changes, "virtualNetworkId", before.virtualNetworkId(), after.virtualNetworkId());
    diff(changes, "sessionNumber", before.sessionNumber(), after.sessionNumber());
    diff(changes, "packetLength", before.packetLength(), after.packetLength());
    diff(changes, "includeTags", before.includeTags(), after.includeTags());
    diff(changes, "excludeTags", before.excludeTags(), after.excludeTags());
    diff(changes, "mirrorManagedDatabases", before.mirrorsManagedDatabases(), after.mirrorsManagedDatabases());
    return changes;
  }

  private static void diff(Map<String, String> changes, String field, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      changes.put(field, (before == null ? "(none)" : before) + " -> " + (after == null ? "(none)" : after));
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  static ObjectNode tags(List<String> pairs, String option) {
    ObjectNode tags = Printer.JSON.createObjectNode();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new BadInputException(option + " takes KEY=VALUE, got '" + pair + "'");
      }
      tags.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return tags;
  }
}
