package dev.mirrorflow.local.ec2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import dev.mirrorflow.local.http.AwsDispatcher;
import dev.mirrorflow.local.http.LocalRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A CloudTrail trail of the local EC2, delivered to EventBridge: every successful mutating EC2 call
 * becomes an "AWS API Call via CloudTrail" event on the default bus (source {@code aws.ec2}), with
 * the caller's identity, the request's parameters and the response's elements. Read-only calls
 * (Describe*) are not delivered, and neither are failed calls (this trail records only what changed).
 *
 * <p>The caller is whoever signed the request: the access key of its SigV4 {@code Authorization}
 * header. A key registered with {@link #assumedRole} is a session of that role (type AssumedRole);
 * any other key is an IAM user named after the key; an unsigned request is the account's root.
 */
public final class CloudTrailEvents {
  public static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
  public static final String EVENT_SOURCE = "ec2.amazonaws.com";
  /** EC2's newer actions log their parameters wrapped in {@code <Action>Request}, as in CloudTrail's records. */
  private static final Set<String> WRAPPED = Set.of(
      "CreateTrafficMirrorSession", "DeleteTrafficMirrorSession", "CreateTrafficMirrorTarget",
      "DeleteTrafficMirrorTarget", "CreateTrafficMirrorFilter", "DeleteTrafficMirrorFilter",
      "CreateTrafficMirrorFilterRule");
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A role's session, as STS issues it: the role's ARN and the session's name. */
  public record RoleSession(String roleArn, String sessionName) {}

  private final LocalClock clock;
  private final String region;
  private final Map<String, RoleSession> sessions = new ConcurrentHashMap<>();
  private volatile java.util.function.Function<LocalRequest, String> stsCaller = r -> null;
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean enabled = true;

  public CloudTrailEvents(LocalClock clock, String region) {
    this.clock = clock;
    this.region = region;
  }

  /** Who STS says signed a request (its caller's ARN, or null): sessions of roles assumed through the local STS. */
  public CloudTrailEvents stsCaller(java.util.function.Function<LocalRequest, String> callerArn) {
    this.stsCaller = callerArn;
    return this;
  }

  /** Whether the account has a trail delivering EC2 calls to EventBridge (on by default). */
  public CloudTrailEvents enabled(boolean on) {
    this.enabled = on;
    return this;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Requests signed with {@code accessKeyId} are made by a session of {@code roleArn} named {@code sessionName}. */
  public CloudTrailEvents assumedRole(String accessKeyId, String roleArn, String sessionName) {
    sessions.put(accessKeyId, new RoleSession(roleArn, sessionName));
    return this;
  }

  /** Events delivered since the start. */
  public long delivered() {
    return delivered.get();
  }

  /**
   * Delivers the event of one successful call to {@code sink}, unless the trail is off or the call is
   * read-only.
   */
  void record(AwsDispatcher sink, LocalRequest request, String action, String responseBody, String requestId,
      String accountId, String accountKey) {
    if (!enabled || sink == null || Ec2Actions.NON_MUTATING.contains(action)) {
      return;
    }
    ObjectNode detail = detail(request, action, responseBody, requestId, accountId);
    ObjectNode entry = JSON.createObjectNode()
        .put("Source", "aws.ec2")
        .put("DetailType", DETAIL_TYPE)
        .put("Detail", detail.toString())
        .put("EventBusName", "default")
        .put("Time", clock.instant().getEpochSecond());
    entry.putArray("Resources");
    ObjectNode body = JSON.createObjectNode();
    body.putArray("Entries").add(entry);
    delivered.incrementAndGet();
    LocalRequest put = LocalRequest.awsJson("AWSEvents.PutEvents", body.toString());
    // The caller's account's own default bus receives the record.
    if (accountKey != null) {
      put = put.withHeader("authorization", "AWS4-HMAC-SHA256 Credential=" + accountKey + "/19700101/us-east-1/events/aws4_request");
    }
    sink.dispatch(put);
  }

  /** The event's detail: CloudTrail's record of the call. */
  ObjectNode detail(LocalRequest request, String action, String responseBody, String requestId, String accountId) {
    ObjectNode detail = JSON.createObjectNode().put("eventVersion", "1.09");
    detail.set("userIdentity", userIdentity(request, accountId));
    detail.put("eventTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("eventSource", EVENT_SOURCE)
        .put("eventName", action)
        .put("awsRegion", region)
        .put("sourceIPAddress", "127.0.0.1")
        .put("userAgent", request.header("user-agent") == null ? "" : request.header("user-agent"));
    ObjectNode parameters = requestParameters(request.formParameters(), !WRAPPED.contains(action));
    ObjectNode response = responseElements(responseBody);
    if (WRAPPED.contains(action)) {
      detail.putObject("requestParameters").set(action + "Request", parameters);
      detail.putObject("responseElements").set(action + "Response", response);
    } else {
      detail.set("requestParameters", parameters);
      detail.set("responseElements", response);
    }
    detail.put("requestID", requestId)
        .put("eventID", UUID.randomUUID().toString())
        .put("readOnly", false)
        .put("eventType", "AwsApiCall")
        .put("managementEvent", true)
        .put("recipientAccountId", accountId)
        .put("eventCategory", "Management");
    return detail;
  }

  private ObjectNode userIdentity(LocalRequest request, String accountId) {
    String authorization = request.header("authorization");
    Matcher m = authorization == null ? null : CREDENTIAL.matcher(authorization);
    ObjectNode identity = JSON.createObjectNode();
    if (m == null || !m.find()) {
      return identity.put("type", "Root").put("principalId", accountId)
          .put("arn", "arn:aws:iam::" + accountId + ":root").put("accountId", accountId);
    }
    String key = m.group(1);
    RoleSession session = sessions.get(key);
    String stsArn = stsCaller.apply(request);
    if (session == null && stsArn != null && stsArn.contains(":assumed-role/")) {
      // arn:aws:sts::<account>:assumed-role/<role>/<session>
      String[] parts = stsArn.split(":", 6);
      String[] names = parts[5].split("/");
      session = new RoleSession("arn:aws:iam::" + parts[4] + ":role/" + names[1], names[2]);
    }
    if (session == null) {
      return identity.put("type", "IAMUser").put("principalId", "AIDA" + key)
          .put("arn", "arn:aws:iam::" + accountId + ":user/" + key).put("accountId", accountId)
          .put("accessKeyId", key).put("userName", key);
    }
    String roleName = session.roleArn().substring(session.roleArn().lastIndexOf('/') + 1);
    String roleAccount = session.roleArn().split(":")[4];
    identity.put("type", "AssumedRole").put("principalId", "AROA" + roleName + ":" + session.sessionName())
        .put("arn", "arn:aws:sts::" + roleAccount + ":assumed-role/" + roleName + "/" + session.sessionName())
        .put("accountId", roleAccount).put("accessKeyId", key);
    ObjectNode issuer = identity.putObject("sessionContext").putObject("sessionIssuer");
    issuer.put("type", "Role").put("principalId", "AROA" + roleName).put("arn", session.roleArn())
        .put("accountId", roleAccount).put("userName", roleName);
    ((ObjectNode) identity.get("sessionContext")).putObject("attributes")
        .put("creationDate", Instant.EPOCH.toString()).put("mfaAuthenticated", "false");
    return identity;
  }

  /**
   * The query parameters as nested JSON, lower-camel: {@code TagSpecification.1.Tag.1.Key} becomes
   * {@code tagSpecification.items[0].tag.items[0].key}. The names follow the query parameters, lower-camel,
   * not each action's exact CloudTrail spelling (local/README.md: unverified).
   */
  static ObjectNode requestParameters(Map<String, String> form) {
    return requestParameters(form, true);
  }

  /** As {@link #requestParameters(Map)}, the names lower-camel or as sent. */
  static ObjectNode requestParameters(Map<String, String> form, boolean lowerCamel) {
    ObjectNode root = JSON.createObjectNode();
    Map<String, String> sorted = new LinkedHashMap<>();
    form.keySet().stream().sorted().forEach(k -> sorted.put(k, form.get(k)));
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (e.getKey().equals("Action") || e.getKey().equals("Version")) {
        continue;
      }
      String[] parts = e.getKey().split("\\.");
      ObjectNode at = root;
      for (int i = 0; i < parts.length; i++) {
        String name = lowerCamel ? lowerCamel(parts[i]) : parts[i];
        boolean last = i == parts.length - 1;
        if (last) {
          at.put(name, e.getValue());
        } else if (parts[i + 1].matches("\\d+")) {
          ArrayNode items = array(object(at, name), "items");
          int index = Integer.parseInt(parts[i + 1]) - 1;
          while (items.size() <= index) {
            items.addObject();
          }
          if (i + 1 == parts.length - 1) {
            items.set(index, JSON.getNodeFactory().textNode(e.getValue()));
            break;
          }
          at = (ObjectNode) items.get(index);
          i++;
        } else {
          at = object(at, name);
        }
      }
    }
    return root;
  }

  /** The response's XML as JSON: elements by name, {@code item} lists as arrays. */
  static ObjectNode responseElements(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element root = factory.newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
      return (ObjectNode) json(root);
    } catch (Exception e) {
      throw new IllegalStateException("the local EC2 wrote a response that is not XML: " + e.getMessage(), e);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode json(Element element) {
    List<Element> children = new ArrayList<>();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        children.add(child);
      }
    }
    if (children.isEmpty()) {
      return JSON.getNodeFactory().textNode(element.getTextContent());
    }
    if (children.stream().allMatch(c -> c.getTagName().equals("item"))) {
      ObjectNode wrapper = JSON.createObjectNode();
      ArrayNode items = wrapper.putArray("items");
      children.forEach(c -> items.add(json(c)));
      return wrapper;
    }
    ObjectNode out = JSON.createObjectNode();
    children.forEach(c -> out.set(c.getTagName(), json(c)));
    return out;
  }

  private static ObjectNode object(ObjectNode parent, String name) {
    return parent.get(name) instanceof ObjectNode o ? o : parent.putObject(name);
  }

  private static ArrayNode array(ObjectNode parent, String name) {
    return parent.get(name) instanceof ArrayNode a ? a : parent.putArray(name);
  }

  private static String lowerCamel(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
