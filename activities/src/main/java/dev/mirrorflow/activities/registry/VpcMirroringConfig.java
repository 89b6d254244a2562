package dev.mirrorflow.activities.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one registered VPC is mirrored: every eligible ENI gets one session to {@code targetId} through
 * {@code filterId}. This is the {@code config} object of a VPC's registration (see {@link
 * VpcRegistration}); the add-vpc workflow writes exactly this JSON:
 *
 * <pre>{@code
 * {
 *   "targetId": "tmt-0123456789abcdef0",    // required: traffic mirror target
 *   "filterId": "tmf-0123456789abcdef0",    // required: traffic mirror filter
 *   "virtualNetworkId": 4242,               // optional: VXLAN VNI, 0..16777215; absent = AWS picks one
 *   "sessionNumber": 1,                     // optional, default 1: 1..32766, lower is evaluated first
 *   "packetLength": 128,                    // optional: bytes of each packet to mirror; absent = whole packet
 *   "includeTags": {"mirror": "*"},         // optional: when non-empty, only ENIs matching one entry
 *   "excludeTags": {"mirror": "off"},       // optional: ENIs matching any entry are never mirrored
 *   "mirrorManagedDatabases": true,         // optional, default false: also mirror the ENIs Amazon RDS
 *                                           // and Amazon ElastiCache manage in the VPC
 *   "account": "222222222222"               // optional: the member account that owns the VPC; absent =
 *                                           // the hub's own account
 * }
 * }</pre>
 *
 * <p>Tag policy: an entry {@code key: value} matches an ENI when the ENI, or the instance it is
 * attached to, carries tag {@code key} with exactly {@code value}, or with any value when {@code
 * value} is {@code "*"}. The ENI's own tag wins over the instance's tag of the same key. Exclusion
 * wins over inclusion.
 *
 * <p>When a foreign session already uses {@code sessionNumber} on an ENI, Mirrorflow uses the next
 * free number above it on that ENI instead.
 *
 * @param targetId traffic mirror target id ({@code tmt-...})
 * @param filterId traffic mirror filter id ({@code tmf-...})
 * @param virtualNetworkId VXLAN network identifier, or null to let AWS choose a random one
 * @param sessionNumber preferred session number, 1..32766 (null means 1)
 * @param packetLength bytes of each packet to mirror, or null for the whole packet
 * @param includeTags tag policy: ENIs to mirror (empty = all)
 * @param excludeTags tag policy: ENIs never to mirror
 * @param mirrorManagedDatabases whether requester-managed ENIs (those of Amazon RDS and Amazon
 *     ElastiCache can be sources) are mirrored; null means false
 * @param account the 12-digit account that owns the VPC (every step works there through the member
 *     role), or null for the hub's own account
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VpcMirroringConfig(
    String targetId,
    String filterId,
    Integer virtualNetworkId,
    Integer sessionNumber,
    Integer packetLength,
    Map<String, String> includeTags,
    Map<String, String> excludeTags,
    Boolean mirrorManagedDatabases,
    String account) {

  /** The session number used when the config names none. */
  public static final int DEFAULT_SESSION_NUMBER = 1;
  /** Largest session number AWS accepts. */
  public static final int MAX_SESSION_NUMBER = 32766;
  /** Largest VNI: it is a 24-bit VXLAN field. */
  public static final int MAX_VIRTUAL_NETWORK_ID = (1 << 24) - 1;
  /** Largest packet length AWS accepts (CreateTrafficMirrorSession, PacketLength: 1-8500). */
  public static final int MAX_PACKET_LENGTH = 8500;
  /** Tag value that matches any value of the key. */
  public static final String ANY_VALUE = "*";

  private static final Pattern TARGET_ID = Pattern.compile("tmt-[0-9a-f]{8,17}");
  private static final Pattern FILTER_ID = Pattern.compile("tmf-[0-9a-f]{8,17}");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  public VpcMirroringConfig {
    require(targetId != null && TARGET_ID.matcher(targetId).matches(),
        "targetId must be a traffic mirror target id like tmt-0123456789abcdef0, got " + targetId);
    require(filterId != null && FILTER_ID.matcher(filterId).matches(),
        "filterId must be a traffic mirror filter id like tmf-0123456789abcdef0, got " + filterId);
    require(virtualNetworkId == null || (virtualNetworkId >= 0 && virtualNetworkId <= MAX_VIRTUAL_NETWORK_ID),
        "virtualNetworkId must be 0.." + MAX_VIRTUAL_NETWORK_ID + " (24 bits) or absent, got " + virtualNetworkId);
    sessionNumber = sessionNumber == null ? DEFAULT_SESSION_NUMBER : sessionNumber;
    require(sessionNumber >= 1 && sessionNumber <= MAX_SESSION_NUMBER,
        "sessionNumber must be 1.." + MAX_SESSION_NUMBER + ", got " + sessionNumber);
    require(packetLength == null || (packetLength >= 1 && packetLength <= MAX_PACKET_LENGTH),
        "packetLength must be 1.." + MAX_PACKET_LENGTH + " bytes or absent (whole packet), got " + packetLength);
    includeTags = includeTags == null ? Map.of() : Map.copyOf(includeTags);
    excludeTags = excludeTags == null ? Map.of() : Map.copyOf(excludeTags);
    mirrorManagedDatabases = Boolean.TRUE.equals(mirrorManagedDatabases) ? Boolean.TRUE : null;
    require(account == null || ACCOUNT.matcher(account).matches(),
        "account must be a 12-digit AWS account id like 222222222222, or absent for the hub's own, got " + account);
  }

  /** A config of the hub's own account. */
  public VpcMirroringConfig(
      String targetId, String filterId, Integer virtualNetworkId, Integer sessionNumber, Integer packetLength,
      Map<String, String> includeTags, Map<String, String> excludeTags, Boolean mirrorManagedDatabases) {
    this(targetId, filterId, virtualNetworkId, sessionNumber, packetLength, includeTags, excludeTags,
        mirrorManagedDatabases, null);
  }

  /** This config in {@code account} (null: the hub's own). */
  public VpcMirroringConfig inAccount(String account) {
    return new VpcMirroringConfig(targetId, filterId, virtualNetworkId, sessionNumber, packetLength, includeTags,
        excludeTags, mirrorManagedDatabases, account);
  }

  /** A config that leaves requester-managed ENIs alone. */
  public VpcMirroringConfig(
      String targetId, String filterId, Integer virtualNetworkId, Integer sessionNumber, Integer packetLength,
      Map<String, String> includeTags, Map<String, String> excludeTags) {
    this(targetId, filterId, virtualNetworkId, sessionNumber, packetLength, includeTags, excludeTags, null);
  }

  /** Whether the ENIs of Amazon RDS and Amazon ElastiCache are mirrored. */
  public boolean mirrorsManagedDatabases() {
    return Boolean.TRUE.equals(mirrorManagedDatabases);
  }

  /** A config with only the required fields. */
  public static VpcMirroringConfig of(String targetId, String filterId) {
    return new VpcMirroringConfig(targetId, filterId, null, null, null, null, null);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidVpcConfigException(message);
    }
  }
}
