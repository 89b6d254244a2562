package dev.mirrorflow.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.assertions.Template;

/** A synthesized template as a Jackson tree, with the lookups the tests share. */
final class TemplateView {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  private final JsonNode root;

  TemplateView(Template template) {
    this.root = JSON.valueToTree(template.toJSON());
  }

  JsonNode root() {
    return root;
  }

  /** The resources of one type, by logical id. */
  Map<String, JsonNode> resources(String type) {
    Map<String, JsonNode> out = new java.util.TreeMap<>();
    root.path("Resources").fields().forEachRemaining(e -> {
      if (type.equals(e.getValue().path("Type").asText())) {
        out.put(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  /** The logical id of the one resource of {@code type} whose id starts with {@code prefix}. */
  String logicalId(String type, String prefix) {
    List<String> ids = resources(type).keySet().stream().filter(id -> id.startsWith(prefix)).toList();
    if (ids.size() != 1) {
      throw new AssertionError("expected one " + type + " named " + prefix + "*, found " + ids);
    }
    return ids.get(0);
  }

  /** Every statement of the identity policies attached to the role whose logical id starts with {@code rolePrefix}. */
  List<JsonNode> statementsOfRole(String rolePrefix) {
    String role = logicalId("AWS::IAM::Role", rolePrefix);
    List<JsonNode> statements = new ArrayList<>();
    for (JsonNode policy : resources("AWS::IAM::Policy").values()) {
      boolean attached = false;
      for (JsonNode r : policy.path("Properties").path("Roles")) {
        attached |= role.equals(r.path("Ref").asText());
      }
      if (attached) {
        policy.path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
      }
    }
    return statements;
  }

  /** The statement with this Sid among {@code statements}. */
  static JsonNode bySid(List<JsonNode> statements, String sid) {
    return statements.stream()
        .filter(s -> sid.equals(s.path("Sid").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + statements));
  }

  /** A node's actions or resources as a list, whether the template holds one value or an array. */
  static List<JsonNode> list(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(out::add);
    } else if (!node.isMissingNode()) {
      out.add(node);
    }
    return out;
  }

  static List<String> texts(JsonNode node) {
    return list(node).stream().map(JsonNode::asText).toList();
  }

  /**
   * Renders a value the way CloudFormation would, with references replaced by readable markers:
   * {@code Fn::Join} joined, {@code Ref}/{@code Fn::GetAtt} as {@code <Ref:Id>}.
   */
  static String render(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.has("Fn::Join")) {
      JsonNode join = value.get("Fn::Join");
      StringBuilder out = new StringBuilder();
      String separator = join.get(0).asText();
      boolean first = true;
      for (JsonNode part : join.get(1)) {
        if (!first) {
          out.append(separator);
        }
        out.append(render(part));
        first = false;
      }
      return out.toString();
    }
    if (value.has("Ref")) {
      return "<Ref:" + value.get("Ref").asText() + ">";
    }
    if (value.has("Fn::GetAtt")) {
      return "<GetAtt:" + value.get("Fn::GetAtt").get(0).asText() + "." + value.get("Fn::GetAtt").get(1).asText() + ">";
    }
    throw new AssertionError("cannot render " + value);
  }

  /** The definition of a state machine resource as deployed: its DefinitionSubstitutions applied. */
  static String deployedDefinition(JsonNode stateMachine) {
    JsonNode properties = stateMachine.path("Properties");
    String definition = render(properties.path("DefinitionString"));
    JsonNode substitutions = properties.path("DefinitionSubstitutions");
    Matcher m = PLACEHOLDER.matcher(definition);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode value = substitutions.get(m.group(1));
      // A placeholder without a substitution stays as it is, for the caller to find.
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : render(value)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
