package dev.mirrorflow.local.sts;

import dev.mirrorflow.local.http.LocalRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local cloud's accounts. The account of a request comes from its credentials, as on AWS: the
 * access key id of its SigV4 {@code Authorization} header names a principal, and the principal's
 * account is the request's. Every account has a long-term key ({@link #accessKey}); STS AssumeRole
 * issues temporary keys for a role's account. Keys the local cloud never issued (the dummy keys of
 * tests and of the AWS CLI) belong to the default account, so a single-account local cloud works as
 * it always did.
 */
public final class Accounts {
  /** The default account: every request signed with a key the local cloud did not issue. */
  public static final String DEFAULT_ACCOUNT = "000000000000";
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  /** Temporary credentials issued by AssumeRole. */
  public record SessionCredentials(
      String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration, Principal principal) {}

  private final Map<String, Principal> principalsByKey = new ConcurrentHashMap<>();
  private final Map<String, Instant> expirations = new ConcurrentHashMap<>();
  private final Map<String, Role> roles = new ConcurrentHashMap<>();
  private final Map<String, String> organizations = new ConcurrentHashMap<>();

  /** The long-term access key of {@code account}'s root user (sign a request with it to act as the account). */
  public String accessKey(String account) {
    requireAccount(account);
    String key = "AKIA" + account;
    principalsByKey.putIfAbsent(key, Principal.root(account));
    return key;
  }

  /** The principal of a request: by its access key id; an unknown key is the default account's root. */
  public Principal caller(LocalRequest request) {
    String key = accessKeyId(request);
    Principal p = key == null ? null : principalsByKey.get(key);
    return p == null ? Principal.root(DEFAULT_ACCOUNT) : p;
  }

  /** The account of a request. */
  public String account(LocalRequest request) {
    return caller(request).account();
  }

  /** Whether temporary credentials with this key id have expired (long-term keys never do). */
  public boolean expired(String accessKeyId, Instant now) {
    Instant at = expirations.get(accessKeyId);
    return at != null && !now.isBefore(at);
  }

  /** Creates or replaces a role. */
  public Role putRole(String account, String roleName, java.util.Set<String> trustedPrincipals) {
    requireAccount(account);
    Role role = new Role("arn:aws:iam::" + account + ":role/" + roleName, trustedPrincipals);
    roles.put(role.arn(), role);
    return role;
  }

  public Optional<Role> role(String arn) {
    return Optional.ofNullable(roles.get(arn));
  }

  /** Deletes a role (as deleting a member stack does). */
  public void deleteRole(String arn) {
    roles.remove(arn);
  }

  /** Puts {@code account} in the organization {@code organizationId} (for {@code aws:PrincipalOrgID} conditions). */
  public void joinOrganization(String account, String organizationId) {
    requireAccount(account);
    organizations.put(account, organizationId);
  }

  /** The organization of an account, if it is in one. */
  public Optional<String> organization(String account) {
    return Optional.ofNullable(organizations.get(account));
  }

  /** Issues temporary credentials for a session of {@code role}, valid until {@code expiration}. */
  public SessionCredentials issue(Role role, String sessionName, Instant expiration) {
    String keyId = "ASIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
    String roleName = role.arn().substring(role.arn().indexOf(":role/") + ":role/".length());
    String roleId = "AROA" + Integer.toHexString(role.arn().hashCode()).toUpperCase(java.util.Locale.ROOT);
    Principal principal = new Principal(role.account(),
        "arn:aws:sts::" + role.account() + ":assumed-role/" + roleName + "/" + sessionName, roleId + ":" + sessionName);
    principalsByKey.put(keyId, principal);
    expirations.put(keyId, expiration);
    return new SessionCredentials(keyId, UUID.randomUUID().toString(), UUID.randomUUID().toString(), expiration, principal);
  }

  /** Long-lived credentials of a role session (what Lambda gives a function of its execution role). */
  public String sessionKey(Role role, String sessionName) {
    return issue(role, sessionName, Instant.MAX).accessKeyId();
  }

  /** The access key id of a SigV4-signed request (header, or a presigned URL's {@code X-Amz-Credential}). */
  static String accessKeyId(LocalRequest request) {
    String auth = request.header("authorization");
    if (auth != null) {
      Matcher m = CREDENTIAL.matcher(auth);
      if (m.find()) {
        return m.group(1);
      }
    }
    String presigned = request.queryParameters().get("X-Amz-Credential");
    if (presigned != null && presigned.indexOf('/') > 0) {
      return presigned.substring(0, presigned.indexOf('/'));
    }
    return null;
  }

  private static void requireAccount(String account) {
    if (account == null || !ACCOUNT_ID.matcher(account).matches()) {
      throw new IllegalArgumentException("an account id is 12 digits, got " + account);
    }
  }

  /** The Authorization header of an in-process request signed as {@code accessKey} (no signature is checked). */
  public static String authorization(String accessKey) {
    return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/19700101/us-east-1/local/aws4_request, SignedHeaders=host, Signature=0";
  }
}
