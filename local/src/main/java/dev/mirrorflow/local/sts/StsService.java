package dev.mirrorflow.local.sts;

import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.LocalRequest;
import dev.mirrorflow.local.http.LocalResponse;
import dev.mirrorflow.local.http.ServiceHandler;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The local STS on the AWS query protocol (what the SDK's {@code StsClient} and {@code aws sts}
 * speak): {@code AssumeRole} and {@code GetCallerIdentity}. AssumeRole checks the role's trust policy
 * against the caller ({@link Accounts#caller}); the credentials it issues make later requests the
 * role's account's.
 */
public final class StsService implements ServiceHandler {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final Set<String> ACTIONS = Set.of("AssumeRole", "GetCallerIdentity");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::\\d{12}:role/[\\w+=,.@/-]{1,64}");
  /** A role's maximum session duration when not set otherwise: one hour; the least any session lasts: 15 minutes. */
  private static final int MAX_SESSION_SECONDS = 3600;
  private static final int MIN_SESSION_SECONDS = 900;

  private final Accounts accounts;
  private final LocalClock clock;

  public StsService(Accounts accounts, LocalClock clock) {
    this.accounts = accounts;
    this.clock = clock;
  }

  @Override
  public boolean accepts(LocalRequest request) {
    if (request.header("x-amz-target") != null || !(request.path().equals("/") || request.path().isEmpty())) {
      return false;
    }
    return ACTIONS.contains(request.formParameters().get("Action"));
  }

  @Override
  public LocalResponse handle(LocalRequest request) {
    Map<String, String> params = request.formParameters();
    String requestId = UUID.randomUUID().toString();
    String action = params.get("Action");
    Principal caller = accounts.caller(request);
    String keyId = Accounts.accessKeyId(request);
    if (keyId != null && accounts.expired(keyId, clock.instant())) {
      return error(400, "ExpiredToken", "The security token included in the request is expired", requestId);
    }
    if (action.equals("GetCallerIdentity")) {
      return ok(action, requestId, element("Arn", caller.arn()) + element("UserId", caller.userId())
          + element("Account", caller.account()));
    }
    String roleArn = params.get("RoleArn");
    String sessionName = params.get("RoleSessionName");
    if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
      return error(400, "ValidationError", "1 validation error detected: Value '" + roleArn
          + "' at 'roleArn' failed to satisfy constraint: Member must be a role ARN", requestId);
    }
    if (sessionName == null || !SESSION_NAME.matcher(sessionName).matches()) {
      return error(400, "ValidationError", "1 validation error detected: Value '" + sessionName
          + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
          requestId);
    }
    int seconds;
    try {
      seconds = Integer.parseInt(params.getOrDefault("DurationSeconds", String.valueOf(MAX_SESSION_SECONDS)));
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
      return error(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
          requestId);
    }
    Role role = accounts.role(roleArn).filter(r -> r.trusts(caller)).orElse(null);
    if (role == null) {
      // AWS answers the same for a role that does not exist and one whose trust policy refuses the caller.
      return error(403, "AccessDenied", "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: "
          + roleArn, requestId);
    }
    Accounts.SessionCredentials c =
        accounts.issue(role, sessionName, clock.instant().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS));
    String credentials = "<Credentials>" + element("AccessKeyId", c.accessKeyId())
        + element("SecretAccessKey", c.secretAccessKey()) + element("SessionToken", c.sessionToken())
        + element("Expiration", c.expiration().toString()) + "</Credentials>";
    String user = "<AssumedRoleUser>" + element("AssumedRoleId", c.principal().userId())
        + element("Arn", c.principal().arn()) + "</AssumedRoleUser>";
    return ok(action, requestId, credentials + user);
  }

  private static LocalResponse ok(String action, String requestId, String result) {
    String xml = "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + result + "</" + action
        + "Result><ResponseMetadata>" + element("RequestId", requestId) + "</ResponseMetadata></" + action + "Response>";
    return LocalResponse.xml(200, xml).withHeader("x-amzn-RequestId", requestId);
  }

  private static LocalResponse error(int status, String code, String message, String requestId) {
    String xml = "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type>" + element("Code", code)
        + element("Message", message) + "</Error>" + element("RequestId", requestId) + "</ErrorResponse>";
    return LocalResponse.xml(status, xml).withHeader("x-amzn-RequestId", requestId);
  }

  private static String element(String name, String value) {
    return "<" + name + ">" + value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</" + name + ">";
  }

}
