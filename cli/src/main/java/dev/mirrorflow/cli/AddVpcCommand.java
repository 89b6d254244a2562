package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Registers a VPC with the cluster and mirrors it: starts the add-vpc workflow. */
@Command(
    name = "add-vpc",
    description = "Register a VPC with the cluster, create its triggers, and reconcile it now.")
final class AddVpcCommand extends WorkflowCommand {
  @Parameters(paramLabel = "VPC_ID", description = "The VPC to mirror, e.g. vpc-0123456789abcdef0.")
  String vpcId;

  @Option(names = "--target-id", description = "Mirror target (default: the cluster's).")
  String targetId;

  @Option(names = "--filter-id", description = "Mirror filter (default: the cluster's).")
  String filterId;

  @Option(names = "--vni", description = "VXLAN network identifier, 0-16777215 (default: AWS picks one).")
  Integer vni;

  @Option(names = "--session-number", description = "Session number 1-32766; lower is evaluated first (default: 1).")
  Integer sessionNumber;

  @Option(names = "--packet-length", description = "Bytes of each packet to mirror, 1-8500 (default: the whole "
      + "packet; to a Network Load Balancer target, AWS's 8500).")
  Integer packetLength;

  @Option(names = "--mirror-managed-databases", description = "Also mirror the ENIs that Amazon RDS and Amazon "
      + "ElastiCache manage in the VPC (default: requester-managed ENIs are skipped).")
  boolean mirrorManagedDatabases;

  @Option(names = "--include-tag", paramLabel = "K=V", description = "Mirror only instances with this tag (repeatable).")
  List<String> includeTags = new ArrayList<>();

  @Option(names = "--exclude-tag", paramLabel = "K=V", description = "Never mirror instances with this tag (repeatable).")
  List<String> excludeTags = new ArrayList<>();

  @Option(names = "--no-wait", description = "Return once the workflow has started.")
  boolean noWait;

  @Override
  void validate() {
    super.validate();
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
  }

  /** The same existence checks as the workflow's Validate step, so a typo fails before anything starts. */
  @Override
  void preflight(Cloud cloud) {
    Ec2Mirroring ec2 = cloud.mirroring();
    if (!cloud.call(() -> ec2.vpcExists(vpcId))) {
      throw new BadInputException("VPC " + vpcId + " does not exist in " + cloud.where()
          + ": check the id (and --region / --endpoint-url)");
    }
    if (targetId != null && !cloud.call(() -> ec2.targetExists(targetId))) {
      throw new BadInputException("traffic mirror target " + targetId + " does not exist in " + cloud.where()
          + ": give an existing one with --target-id (or none, for the cluster's default)");
    }
    if (filterId != null && !cloud.call(() -> ec2.filterExists(filterId))) {
      throw new BadInputException("traffic mirror filter " + filterId + " does not exist in " + cloud.where()
          + ": give an existing one with --filter-id (or none, for the cluster's default)");
    }
  }

  @Override
  String workflow() {
    return "add-vpc";
  }

  @Override
  String vpcId() {
    return vpcId;
  }

  @Override
  boolean noWait() {
    return noWait;
  }

  @Override
  ObjectNode input() {
    ObjectNode input = vpcInput();
    ObjectNode config = input.putObject("config");
    if (targetId != null) {
      config.put("targetId", targetId);
    }
    if (filterId != null) {
      config.put("filterId", filterId);
    }
    if (vni != null) {
      config.put("virtualNetworkId", vni);
    }
    if (sessionNumber != null) {
      config.put("sessionNumber", sessionNumber);
    }
    if (packetLength != null) {
      config.put("packetLength", packetLength);
    }
    if (mirrorManagedDatabases) {
      config.put("mirrorManagedDatabases", true);
    }
    config.set("includeTags", tags(includeTags, "--include-tag"));
    config.set("excludeTags", tags(excludeTags, "--exclude-tag"));
    return input;
  }

  private static ObjectNode tags(List<String> pairs, String option) {
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
