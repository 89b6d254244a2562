package dev.mirrorflow.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An EventBridge event pattern, compiled: exact values (strings, numbers, booleans, null), arrays as
 * OR, matching into arrays of the event, {@code prefix}, {@code suffix} (both also with
 * {@code equals-ignore-case}), {@code equals-ignore-case}, {@code wildcard}, {@code anything-but}
 * (values, lists, prefix, suffix, equals-ignore-case, wildcard), {@code numeric} ranges,
 * {@code exists}, {@code cidr} and {@code $or}, as the EventBridge user guide documents them.
 *
 * <p>Matching follows EventBridge's (Event Ruler's) semantics: every field of the pattern must
 * match (AND), a field matches if any of its values matches (OR); when the event holds an array,
 * the pattern matches if any element matches, and fields that sit in objects of different elements
 * of one array are never combined. Keys are joined with dots, so {@code "a.b"} and {@code
 * "a": {"b": ...}} name the same field, in patterns and in events alike.
 */
public final class EventPattern {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OR = "$or";

  private final String source;
  private final ObjectPattern root;

  private EventPattern(String source, ObjectPattern root) {
    this.source = source;
    this.root = root;
  }

  /**
   * Parses and validates a pattern.
   *
   * @throws InvalidEventPatternException if EventBridge would refuse it
   */
  public static EventPattern parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidEventPatternException(e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InvalidEventPatternException("Filter is not an object");
    }
    return new EventPattern(json, compileObject((ObjectNode) node));
  }

  /** The pattern as it was given. */
  public String source() {
    return source;
  }

  /** Whether the event (a full EventBridge event envelope, or any JSON object) matches. */
  public boolean matches(JsonNode event) {
    return root.matches(normalize(event));
  }

  // ---------------------------------------------------------------- the compiled pattern

  private interface FieldPattern {
    boolean matches(JsonNode value); // value is null when the field is missing
  }

  private record ObjectPattern(Map<String, FieldPattern> fields, List<List<ObjectPattern>> ors)
      implements FieldPattern {
    @Override
    public boolean matches(JsonNode value) {
      if (value != null && value.isArray()) {
        List<JsonNode> elements = flatten(value);
        if (elements.isEmpty()) {
          return matchesObject(null);
        }
        for (JsonNode element : elements) {
          if (matchesObject(element)) {
            return true;
          }
        }
        return false;
      }
      return matchesObject(value);
    }

    private boolean matchesObject(JsonNode value) {
      JsonNode object = value != null && value.isObject() ? value : null;
      for (Map.Entry<String, FieldPattern> field : fields.entrySet()) {
        JsonNode child = object == null ? null : object.get(field.getKey());
        if (!field.getValue().matches(child)) {
          return false;
        }
      }
      for (List<ObjectPattern> branches : ors) {
        boolean any = false;
        for (ObjectPattern branch : branches) {
          if (branch.matchesObject(object)) {
            any = true;
            break;
          }
        }
        if (!any) {
          return false;
        }
      }
      return true;
    }
  }

  private record LeafPattern(List<Matcher> matchers) implements FieldPattern {
    @Override
    public boolean matches(JsonNode value) {
      List<JsonNode> values = new ArrayList<>();
      if (value != null) {
        if (value.isArray()) {
          for (JsonNode element : flatten(value)) {
            if (!element.isObject()) {
              values.add(element);
            }
          }
        } else if (!value.isObject()) {
          values.add(value);
        }
      }
      for (Matcher matcher : matchers) {
        if (values.isEmpty()) {
          if (matcher.matchesMissing()) {
            return true;
          }
        } else {
          for (JsonNode v : values) {
            if (matcher.matches(v)) {
              return true;
            }
          }
        }
      }
      return false;
    }
  }

  private interface Matcher {
    boolean matches(JsonNode value);

    default boolean matchesMissing() {
      return false;
    }
  }

  private static List<JsonNode> flatten(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode element : array) {
      if (element.isArray()) {
        out.addAll(flatten(element));
      } else {
        out.add(element);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- compiling

  private static ObjectPattern compileObject(ObjectNode node) {
    if (node.isEmpty()) {
      throw new InvalidEventPatternException("Empty objects are not allowed");
    }
    Map<String, FieldPattern> fields = new LinkedHashMap<>();
    List<List<ObjectPattern>> ors = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (OR.equals(key) && value.isArray()) {
        ors.add(compileOr((ArrayNode) value));
        continue;
      }
      FieldPattern compiled;
      if (value.isObject()) {
        compiled = compileObject((ObjectNode) value);
      } else if (value.isArray()) {
        compiled = compileLeaf(key, (ArrayNode) value);
      } else {
        throw new InvalidEventPatternException(
            String.format("\"%s\" must be an object or an array", key));
      }
      insert(fields, key, key.split("\\.", -1), 0, compiled);
    }
    return new ObjectPattern(fields, ors);
  }

  /** Puts a compiled field at its dotted path, merging objects that share a prefix. */
  private static void insert(
      Map<String, FieldPattern> fields, String fullKey, String[] path, int index, FieldPattern compiled) {
    String head = path[index];
    if (index == path.length - 1) {
      FieldPattern existing = fields.get(head);
      if (existing == null) {
        fields.put(head, compiled);
      } else if (existing instanceof ObjectPattern a && compiled instanceof ObjectPattern b) {
        Map<String, FieldPattern> merged = new LinkedHashMap<>(a.fields());
        b.fields().forEach((k, v) -> insert(merged, fullKey, new String[] {k}, 0, v));
        List<List<ObjectPattern>> ors = new ArrayList<>(a.ors());
        ors.addAll(b.ors());
        fields.put(head, new ObjectPattern(merged, ors));
      } else {
        throw new InvalidEventPatternException(
            String.format("Path `%s` cannot be allowed multiple times", fullKey));
      }
      return;
    }
    FieldPattern existing = fields.get(head);
    Map<String, FieldPattern> children;
    List<List<ObjectPattern>> ors;
    if (existing == null) {
      children = new LinkedHashMap<>();
      ors = new ArrayList<>();
    } else if (existing instanceof ObjectPattern object) {
      children = new LinkedHashMap<>(object.fields());
      ors = object.ors();
    } else {
      throw new InvalidEventPatternException(
          String.format("Path `%s` cannot be allowed multiple times", fullKey));
    }
    insert(children, fullKey, path, index + 1, compiled);
    fields.put(head, new ObjectPattern(children, ors));
  }

  private static List<ObjectPattern> compileOr(ArrayNode branches) {
    List<ObjectPattern> out = new ArrayList<>();
    for (JsonNode branch : branches) {
      if (!branch.isObject()) {
        throw new InvalidEventPatternException(
            "Only JSON object is allowed in array of $or relationship.");
      }
      out.add(compileObject((ObjectNode) branch));
    }
    if (out.size() < 2) {
      throw new InvalidEventPatternException("There must have at least 2 Objects in $or relationship.");
    }
    return out;
  }

  private static LeafPattern compileLeaf(String key, ArrayNode values) {
    if (values.isEmpty()) {
      throw new InvalidEventPatternException("Empty arrays are not allowed");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (JsonNode value : values) {
      if (value.isObject()) {
        matchers.add(compileOperator((ObjectNode) value));
      } else if (value.isTextual() || value.isNumber() || value.isBoolean() || value.isNull()) {
        matchers.add(exact(value));
      } else {
        throw new InvalidEventPatternException("Match value must be String, number, true, false, or null");
      }
    }
    return new LeafPattern(List.copyOf(matchers));
  }

  private static Matcher compileOperator(ObjectNode node) {
    if (node.isEmpty()) {
      throw new InvalidEventPatternException("Match expression name not found");
    }
    if (node.size() > 1) {
      throw new InvalidEventPatternException("Only one key allowed in match expression");
    }
    Map.Entry<String, JsonNode> op = node.fields().next();
    JsonNode arg = op.getValue();
    switch (op.getKey()) {
      case "prefix":
        return affix(arg, "prefix", true);
      case "suffix":
        return affix(arg, "suffix", false);
      case "equals-ignore-case": {
        if (!arg.isTextual()) {
          throw new InvalidEventPatternException("equals-ignore-case match pattern must be a string");
        }
        String expected = arg.textValue();
        return v -> v.isTextual() && v.textValue().equalsIgnoreCase(expected);
      }
      case "wildcard": {
        if (!arg.isTextual()) {
          throw new InvalidEventPatternException("wildcard match pattern must be a string");
        }
        Pattern regex = wildcard(arg.textValue());
        return v -> v.isTextual() && regex.matcher(v.textValue()).matches();
      }
      case "anything-but":
        return anythingBut(arg);
      case "numeric":
        return numeric(arg);
      case "exists": {
        if (!arg.isBoolean()) {
          throw new InvalidEventPatternException("exists match pattern must be either true or false.");
        }
        boolean exists = arg.booleanValue();
        return new Matcher() {
          @Override
          public boolean matches(JsonNode value) {
            return exists;
          }

          @Override
          public boolean matchesMissing() {
            return !exists;
          }
        };
      }
      case "cidr":
        return cidr(arg);
      default:
        throw new InvalidEventPatternException("Unrecognized match type " + op.getKey());
    }
  }

  private static Matcher exact(JsonNode expected) {
    if (expected.isNumber()) {
      BigDecimal number = expected.decimalValue();
      return v -> v.isNumber() && v.decimalValue().compareTo(number) == 0;
    }
    if (expected.isTextual()) {
      String text = expected.textValue();
      return v -> v.isTextual() && v.textValue().equals(text);
    }
    if (expected.isBoolean()) {
      boolean b = expected.booleanValue();
      return v -> v.isBoolean() && v.booleanValue() == b;
    }
    return JsonNode::isNull;
  }

  private static Matcher affix(JsonNode arg, String name, boolean prefix) {
    String expected;
    boolean ignoreCase = false;
    if (arg.isTextual()) {
      expected = arg.textValue();
    } else if (arg.isObject()) {
      if (arg.size() != 1) {
        throw new InvalidEventPatternException("Only one key allowed in match expression");
      }
      Map.Entry<String, JsonNode> inner = arg.fields().next();
      if (!"equals-ignore-case".equals(inner.getKey())) {
        throw new InvalidEventPatternException(
            "Unsupported " + name + " pattern: " + inner.getKey());
      }
      if (!inner.getValue().isTextual()) {
        throw new InvalidEventPatternException("equals-ignore-case match pattern must be a string");
      }
      expected = inner.getValue().textValue();
      ignoreCase = true;
    } else {
      throw new InvalidEventPatternException(name + " match pattern must be a string");
    }
    boolean ic = ignoreCase;
    return v -> v.isTextual() && affixMatches(v.textValue(), expected, prefix, ic);
  }

  private static boolean affixMatches(String value, String affix, boolean prefix, boolean ignoreCase) {
    if (value.length() < affix.length()) {
      return false;
    }
    int offset = prefix ? 0 : value.length() - affix.length();
    return value.regionMatches(ignoreCase, offset, affix, 0, affix.length());
  }

  private static Pattern wildcard(String pattern) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    boolean previousStar = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        if (i + 1 >= pattern.length() || (pattern.charAt(i + 1) != '*' && pattern.charAt(i + 1) != '\\')) {
          throw new InvalidEventPatternException("Invalid escape character at pos " + i);
        }
        literal.append(pattern.charAt(++i));
        previousStar = false;
      } else if (c == '*') {
        if (previousStar) {
          throw new InvalidEventPatternException("Consecutive wildcard characters at pos " + i);
        }
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(".*");
        previousStar = true;
      } else {
        literal.append(c);
        previousStar = false;
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static Matcher anythingBut(JsonNode arg) {
    if (arg.isTextual() || arg.isNumber()) {
      Matcher excluded = exact(arg);
      return v -> !excluded.matches(v);
    }
    if (arg.isArray()) {
      boolean strings = false;
      boolean numbers = false;
      List<Matcher> excluded = new ArrayList<>();
      for (JsonNode value : arg) {
        if (value.isTextual()) {
          strings = true;
        } else if (value.isNumber()) {
          numbers = true;
        } else {
          throw new InvalidEventPatternException(
              "Inside anything but list, start|null|boolean is not supported.");
        }
        excluded.add(exact(value));
      }
      if (strings && numbers) {
        throw new InvalidEventPatternException(
            "Inside anything but list, either all values are number or string, mixed type is not supported");
      }
      return v -> excluded.stream().noneMatch(m -> m.matches(v));
    }
    if (arg.isObject()) {
      if (arg.size() != 1) {
        throw new InvalidEventPatternException("Only one key allowed in match expression");
      }
      Map.Entry<String, JsonNode> inner = arg.fields().next();
      String op = inner.getKey();
      if (!List.of("prefix", "suffix", "equals-ignore-case", "wildcard").contains(op)) {
        throw new InvalidEventPatternException("Unsupported anything-but pattern: " + op);
      }
      List<String> values = new ArrayList<>();
      JsonNode v = inner.getValue();
      String notAString =
          switch (op) {
            case "wildcard" -> "wildcard match pattern must be a string";
            case "equals-ignore-case" ->
                "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.";
            default -> "prefix/suffix match pattern must be a string";
          };
      if (v.isTextual()) {
        values.add(v.textValue());
      } else if (v.isArray() && !v.isEmpty()) {
        for (JsonNode element : v) {
          if (!element.isTextual()) {
            throw new InvalidEventPatternException(notAString);
          }
          values.add(element.textValue());
        }
      } else if (v.isNull() && (op.equals("prefix") || op.equals("suffix"))) {
        throw new InvalidEventPatternException("Null prefix/suffix not allowed");
      } else if (v.isObject()) {
        throw new InvalidEventPatternException(
            "Value of anything-but must be an array or single string/number value.");
      } else {
        throw new InvalidEventPatternException(notAString);
      }
      List<Matcher> excluded = new ArrayList<>();
      for (String value : values) {
        switch (op) {
          case "prefix", "suffix" -> {
            if (value.isEmpty()) {
              throw new InvalidEventPatternException("Null prefix/suffix not allowed");
            }
            boolean prefix = op.equals("prefix");
            excluded.add(x -> x.isTextual() && affixMatches(x.textValue(), value, prefix, false));
          }
          case "equals-ignore-case" -> excluded.add(x -> x.isTextual() && x.textValue().equalsIgnoreCase(value));
          default -> {
            Pattern regex = wildcard(value);
            excluded.add(x -> x.isTextual() && regex.matcher(x.textValue()).matches());
          }
        }
      }
      return x -> excluded.stream().noneMatch(m -> m.matches(x));
    }
    throw new InvalidEventPatternException(
        "Value of anything-but must be an array or single string/number value.");
  }

  private static Matcher numeric(JsonNode arg) {
    if (!arg.isArray()) {
      throw new InvalidEventPatternException("Value of numeric must be an array.");
    }
    if (arg.isEmpty()) {
      throw new InvalidEventPatternException("Value of numeric must not be an empty array.");
    }
    if (arg.size() > 4) {
      throw new InvalidEventPatternException("Too many terms in numeric range expression");
    }
    List<String> ops = new ArrayList<>();
    List<Double> bounds = new ArrayList<>();
    for (int i = 0; i < arg.size(); i += 2) {
      JsonNode op = arg.get(i);
      JsonNode bound = i + 1 < arg.size() ? arg.get(i + 1) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      if (!op.isTextual()) {
        throw new InvalidEventPatternException("Invalid member in numeric match: " + op);
      }
      String o = op.textValue();
      if (!List.of("=", "<", "<=", ">", ">=").contains(o)) {
        throw new InvalidEventPatternException("Unrecognized numeric range operator: " + o);
      }
      if (!bound.isNumber()) {
        throw new InvalidEventPatternException("Value of " + o + " must be numeric");
      }
      ops.add(o);
      bounds.add(bound.doubleValue());
    }
    if (ops.size() == 2) {
      boolean lowerFirst = ops.get(0).startsWith(">");
      boolean upperSecond = ops.get(1).startsWith("<");
      if (!lowerFirst) {
        throw new InvalidEventPatternException("Bad numeric range operator: " + ops.get(0));
      }
      if (!upperSecond) {
        throw new InvalidEventPatternException("Bad numeric range operator: " + ops.get(1));
      }
    }
    return v -> {
      if (!v.isNumber()) {
        return false;
      }
      double x = v.doubleValue();
      for (int i = 0; i < ops.size(); i++) {
        double b = bounds.get(i);
        boolean ok =
            switch (ops.get(i)) {
              case "=" -> x == b;
              case "<" -> x < b;
              case "<=" -> x <= b;
              case ">" -> x > b;
              default -> x >= b;
            };
        if (!ok) {
          return false;
        }
      }
      return true;
    };
  }

  private static Matcher cidr(JsonNode arg) {
    if (!arg.isTextual()) {
      // EventBridge's own wording for a non-string CIDR.
      throw new InvalidEventPatternException("prefix match pattern must be a string");
    }
    String text = arg.textValue();
    int slash = text.indexOf('/');
    if (slash < 0 || slash != text.lastIndexOf('/')) {
      throw new InvalidEventPatternException("Malformed CIDR, one '/' required");
    }
    int bits;
    try {
      bits = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new InvalidEventPatternException("Malformed CIDR, mask bits must be an integer");
    }
    byte[] network = ipAddress(text.substring(0, slash));
    if (network == null) {
      throw new InvalidEventPatternException("Nonstandard IP address: " + text.substring(0, slash));
    }
    if (bits < 0 || bits > network.length * 8) {
      throw new InvalidEventPatternException("Malformed CIDR, mask bits must be between 0 and " + network.length * 8);
    }
    return v -> {
      if (!v.isTextual()) {
        return false;
      }
      byte[] address = ipAddress(v.textValue());
      if (address == null || address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    };
  }

  /** The bytes of a literal IPv4 or IPv6 address, or null; never resolves host names. */
  private static byte[] ipAddress(String text) {
    if (text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      byte[] out = new byte[4];
      String[] parts = text.split("\\.");
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(parts[i]);
        if (part > 255) {
          return null;
        }
        out[i] = (byte) part;
      }
      return out;
    }
    if (text.contains(":") && text.matches("[0-9A-Fa-f:.]+")) {
      try {
        return InetAddress.getByName(text).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- events

  /** Splits dotted keys of the event into nested objects, so that they match like nested fields. */
  static JsonNode normalize(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(normalize(e)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> field = it.next();
      String[] path = field.getKey().split("\\.", -1);
      JsonNode value = normalize(field.getValue());
      ObjectNode parent = out;
      for (int i = 0; i < path.length - 1; i++) {
        JsonNode child = parent.get(path[i]);
        if (child instanceof ObjectNode object) {
          parent = object;
        } else {
          // A scalar already there and the new object both stay, as two values of the field.
          ObjectNode created = JsonNodeFactory.instance.objectNode();
          parent.set(path[i], child == null ? created : merge(child, created));
          parent = created;
        }
      }
      String last = path[path.length - 1];
      JsonNode existing = parent.get(last);
      parent.set(last, existing == null ? value : merge(existing, value));
    }
    return out;
  }

  private static JsonNode merge(JsonNode a, JsonNode b) {
    if (a instanceof ObjectNode x && b instanceof ObjectNode y) {
      ObjectNode out = x.deepCopy();
      y.fields().forEachRemaining(f -> out.set(f.getKey(), out.has(f.getKey()) ? merge(out.get(f.getKey()), f.getValue()) : f.getValue()));
      return out;
    }
    // Two values for one dotted field: either may match, as with an array.
    ArrayNode both = JsonNodeFactory.instance.arrayNode();
    both.add(a);
    both.add(b);
    return both;
  }

  @Override
  public String toString() {
    return source;
  }
}
