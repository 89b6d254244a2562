package dev.mirrorflow.activities.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mirrorflow.activities.input.Ids;
import dev.mirrorflow.activities.input.InvalidInputException;
import java.util.List;

/**
 * Input of the CreateSessions step: sessions to create in one subnet, sharing the VPC's target,
 * filter, VNI and packet length. {@code readBackPacketLength} is what EC2 reports for such a session:
 * the packet length asked for, or AWS's default for the target's type (8500 for a Network Load Balancer).
 *
 * <pre>{@code
 * {"cluster":"demo","vpcId":"vpc-...","subnetId":"subnet-...","targetId":"tmt-...","filterId":"tmf-...",
 *  "virtualNetworkId":4242,"packetLength":null,"readBackPacketLength":8500,
 *  "items":[{"eniId":"eni-...","sessionNumber":1,"clientToken":"mf1-...","instanceType":"m5.large"}]}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateBatch(
    String cluster,
    String vpcId,
    String subnetId,
    String targetId,
    String filterId,
    Integer virtualNetworkId,
    Integer packetLength,
    List<CreateItem> items,
    Integer readBackPacketLength,
    String account) {

  public CreateBatch {
    Ids.cluster(cluster);
    Ids.vpc(vpcId);
    Ids.subnet(subnetId);
    Ids.required("targetId", targetId);
    Ids.required("filterId", filterId);
    items = List.copyOf(Ids.required("items", items));
    readBackPacketLength = readBackPacketLength == null ? packetLength : readBackPacketLength;
  }

  /** A batch whose sessions read back the packet length they are created with. */
  public CreateBatch(String cluster, String vpcId, String subnetId, String targetId, String filterId,
      Integer virtualNetworkId, Integer packetLength, List<CreateItem> items) {
    this(cluster, vpcId, subnetId, targetId, filterId, virtualNetworkId, packetLength, items, packetLength, null);
  }

  /** A batch in the hub's own account. */
  public CreateBatch(String cluster, String vpcId, String subnetId, String targetId, String filterId,
      Integer virtualNetworkId, Integer packetLength, List<CreateItem> items, Integer readBackPacketLength) {
    this(cluster, vpcId, subnetId, targetId, filterId, virtualNetworkId, packetLength, items, readBackPacketLength, null);
  }

  /**
   * One session to create.
   *
   * @param eniId source ENI
   * @param sessionNumber session number on that ENI
   * @param clientToken idempotency token, fixed when the subnet was planned
   * @param instanceType the ENI's instance type, if known (remembered if EC2 refuses the ENI)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CreateItem(String eniId, int sessionNumber, String clientToken, String instanceType) {
    public CreateItem {
      Ids.eni(eniId);
      Ids.required("clientToken", clientToken);
      if (clientToken.isEmpty() || clientToken.length() > 64 || !clientToken.chars().allMatch(c -> c > 32 && c < 127)) {
        throw new InvalidInputException("clientToken must be 1..64 printable ASCII characters, got '" + clientToken + "'");
      }
      if (sessionNumber < 1 || sessionNumber > 32766) {
        throw new InvalidInputException("sessionNumber must be 1..32766, got " + sessionNumber);
      }
    }
  }
}
