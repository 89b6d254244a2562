package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The States Language's intrinsic functions ({@code States.Format(...)} and friends), parsed
 * properly: nested calls, quoted strings with {@code \'}, {@code \{}, {@code \}} and {@code \\}
 * escapes, paths, numbers, booleans and null. Every failure is {@code States.IntrinsicFailure}.
 */
final class Intrinsics {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_ARRAY_RANGE = 1000;
  private static final int MAX_BASE64_INPUT = 10_000;

  private Intrinsics() {}

  /** Parses and evaluates one intrinsic expression. */
  static JsonNode evaluate(String expression, JsonNode data, JsonNode context) {
    Parser parser = new Parser(expression);
    Arg call = parser.parseCall();
    parser.skipSpaces();
    if (!parser.atEnd()) {
      throw failure(expression, "unexpected text at position " + parser.pos);
    }
    return call.evaluate(data, context, expression);
  }

  /** Parses an expression without evaluating it (definition validation). */
  static void validate(String expression) {
    Parser parser = new Parser(expression);
    parser.parseCall();
    parser.skipSpaces();
    if (!parser.atEnd()) {
      throw failure(expression, "unexpected text at position " + parser.pos);
    }
  }

  private static StatesException failure(String expression, String why) {
    return new StatesException(
        StatesException.INTRINSIC_FAILURE, "Invalid arguments in " + expression + ": " + why);
  }

  /** One argument: a literal, a path or a nested call. */
  private interface Arg {
    JsonNode evaluate(JsonNode data, JsonNode context, String expression);
  }

  /** A string literal remembers its raw text so that States.Format can tell escaped braces. */
  private record StringArg(String value, String raw) implements Arg {
    public JsonNode evaluate(JsonNode data, JsonNode context, String expression) {
      return TextNode.valueOf(value);
    }
  }

  private record LiteralArg(JsonNode value) implements Arg {
    public JsonNode evaluate(JsonNode data, JsonNode context, String expression) {
      return value;
    }
  }

  private record PathArg(String path) implements Arg {
    public JsonNode evaluate(JsonNode data, JsonNode context, String expression) {
      try {
        return Paths.read(data, context, path);
      } catch (Paths.PathException e) {
        throw failure(expression, "the path " + path + " selects nothing in the input");
      }
    }
  }

  private record CallArg(String name, List<Arg> args) implements Arg {
    public JsonNode evaluate(JsonNode data, JsonNode context, String expression) {
      List<JsonNode> values = new ArrayList<>();
      for (Arg a : args) {
        values.add(a.evaluate(data, context, expression));
      }
      return call(this, values, expression);
    }
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    CallArg parseCall() {
      skipSpaces();
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        pos++;
      }
      String name = s.substring(start, pos);
      if (!name.startsWith("States.") || name.length() == "States.".length()) {
        throw failure(s, "expected an intrinsic function name like States.Format at position " + start);
      }
      skipSpaces();
      expect('(');
      List<Arg> args = new ArrayList<>();
      skipSpaces();
      if (peek() == ')') {
        pos++;
        return new CallArg(name, args);
      }
      while (true) {
        args.add(parseArg());
        skipSpaces();
        char c = peek();
        if (c == ',') {
          pos++;
        } else if (c == ')') {
          pos++;
          return new CallArg(name, args);
        } else {
          throw failure(s, "expected ',' or ')' at position " + pos);
        }
      }
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    void expect(char c) {
      if (peek() != c) {
        throw failure(s, "expected '" + c + "' at position " + pos);
      }
      pos++;
    }

    Arg parseArg() {
      skipSpaces();
      char c = peek();
      if (c == '\'') {
        return parseString();
      }
      if (c == '$') {
        return parsePath();
      }
      if (c == '-' || Character.isDigit(c)) {
        int start = pos;
        pos++;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || ".eE+-".indexOf(s.charAt(pos)) >= 0)) {
          pos++;
        }
        String text = s.substring(start, pos);
        try {
          BigDecimal d = new BigDecimal(text);
          if (text.matches("-?\\d+")) {
            long l = d.longValueExact();
            return new LiteralArg(l == (int) l ? IntNode.valueOf((int) l) : NODES.numberNode(l));
          }
          return new LiteralArg(NODES.numberNode(d.doubleValue()));
        } catch (ArithmeticException | NumberFormatException e) {
          throw failure(s, "invalid number '" + text + "'");
        }
      }
      if (s.startsWith("true", pos)) {
        pos += 4;
        return new LiteralArg(BooleanNode.TRUE);
      }
      if (s.startsWith("false", pos)) {
        pos += 5;
        return new LiteralArg(BooleanNode.FALSE);
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return new LiteralArg(NullNode.getInstance());
      }
      if (s.startsWith("States.", pos)) {
        return parseCall();
      }
      throw failure(s, "unexpected argument at position " + pos);
    }

    StringArg parseString() {
      pos++;
      StringBuilder value = new StringBuilder();
      StringBuilder raw = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw failure(s, "unterminated string literal");
        }
        char c = s.charAt(pos++);
        if (c == '\\') {
          if (atEnd()) {
            throw failure(s, "dangling escape at the end");
          }
          char e = s.charAt(pos++);
          raw.append('\\').append(e);
          value.append(e);
        } else if (c == '\'') {
          return new StringArg(value.toString(), raw.toString());
        } else {
          raw.append(c);
          value.append(c);
        }
      }
    }

    PathArg parsePath() {
      int start = pos;
      int depth = 0;
      char quote = 0;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '[' || c == '(') {
          depth++;
        } else if (c == ']' || c == ')') {
          if (depth == 0) {
            break;
          }
          depth--;
        } else if (c == ',' && depth == 0) {
          break;
        }
        pos++;
      }
      return new PathArg(s.substring(start, pos).trim());
    }
  }

  private static JsonNode call(CallArg call, List<JsonNode> a, String expr) {
    String name = call.name();
    switch (name) {
      case "States.Format":
        return format(call, a, expr);
      case "States.StringToJson": {
        arity(a, 1, 1, name, expr);
        String text = string(a.get(0), name, expr);
        try {
          return Json.parse(text);
        } catch (IllegalArgumentException e) {
          throw failure(expr, name + " needs a JSON string, got " + text);
        }
      }
      case "States.JsonToString":
        arity(a, 1, 1, name, expr);
        if (!(call.args().get(0) instanceof PathArg)) {
          throw failure(expr, name + " takes a path");
        }
        return TextNode.valueOf(Json.write(a.get(0)));
      case "States.Array": {
        ArrayNode out = NODES.arrayNode();
        a.forEach(out::add);
        return out;
      }
      case "States.ArrayPartition": {
        arity(a, 2, 2, name, expr);
        ArrayNode array = array(a.get(0), name, expr);
        int size = integer(a.get(1), name, expr);
        if (size <= 0) {
          throw failure(expr, name + " needs a positive chunk size, got " + size);
        }
        ArrayNode out = NODES.arrayNode();
        ArrayNode chunk = null;
        for (int i = 0; i < array.size(); i++) {
          if (i % size == 0) {
            chunk = out.addArray();
          }
          chunk.add(array.get(i));
        }
        return out;
      }
      case "States.ArrayContains": {
        arity(a, 2, 2, name, expr);
        ArrayNode array = array(a.get(0), name, expr);
        for (JsonNode e : array) {
          if (e.equals(a.get(1))) {
            return BooleanNode.TRUE;
          }
        }
        return BooleanNode.FALSE;
      }
      case "States.ArrayRange": {
        arity(a, 3, 3, name, expr);
        int start = integer(a.get(0), name, expr);
        int end = integer(a.get(1), name, expr);
        int step = integer(a.get(2), name, expr);
        if (step == 0) {
          throw failure(expr, name + " needs a non-zero step");
        }
        ArrayNode out = NODES.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
          if (out.size() >= MAX_ARRAY_RANGE) {
            throw failure(expr, name + " may return at most " + MAX_ARRAY_RANGE + " elements");
          }
          out.add((int) v);
        }
        return out;
      }
      case "States.ArrayGetItem": {
        arity(a, 2, 2, name, expr);
        ArrayNode array = array(a.get(0), name, expr);
        int index = integer(a.get(1), name, expr);
        if (index < 0 || index >= array.size()) {
          throw failure(expr, name + " index " + index + " is out of bounds for an array of " + array.size());
        }
        return array.get(index);
      }
      case "States.ArrayLength":
        arity(a, 1, 1, name, expr);
        return IntNode.valueOf(array(a.get(0), name, expr).size());
      case "States.ArrayUnique": {
        arity(a, 1, 1, name, expr);
        Set<JsonNode> seen = new LinkedHashSet<>();
        array(a.get(0), name, expr).forEach(seen::add);
        ArrayNode out = NODES.arrayNode();
        seen.forEach(out::add);
        return out;
      }
      case "States.Base64Encode": {
        arity(a, 1, 1, name, expr);
        String text = string(a.get(0), name, expr);
        if (text.length() > MAX_BASE64_INPUT) {
          throw failure(expr, name + " takes at most " + MAX_BASE64_INPUT + " characters");
        }
        return TextNode.valueOf(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
      }
      case "States.Base64Decode": {
        arity(a, 1, 1, name, expr);
        String text = string(a.get(0), name, expr);
        if (text.length() > MAX_BASE64_INPUT) {
          throw failure(expr, name + " takes at most " + MAX_BASE64_INPUT + " characters");
        }
        try {
          return TextNode.valueOf(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw failure(expr, name + " needs base64 data: " + e.getMessage());
        }
      }
      case "States.Hash": {
        arity(a, 2, 2, name, expr);
        JsonNode data = a.get(0);
        String text = data.isTextual() ? data.asText() : Json.write(data);
        String algorithm = string(a.get(1), name, expr);
        if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
          throw failure(expr, name + " supports MD5, SHA-1, SHA-256, SHA-384 and SHA-512, not " + algorithm);
        }
        try {
          byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
          return TextNode.valueOf(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
          throw failure(expr, e.getMessage());
        }
      }
      case "States.JsonMerge": {
        arity(a, 3, 3, name, expr);
        if (!a.get(0).isObject() || !a.get(1).isObject()) {
          throw failure(expr, name + " merges two JSON objects");
        }
        if (!a.get(2).isBoolean() || a.get(2).booleanValue()) {
          throw failure(expr, name + " supports only a shallow merge: its third argument must be false");
        }
        ObjectNode out = ((ObjectNode) a.get(0)).deepCopy();
        out.setAll((ObjectNode) a.get(1).deepCopy());
        return out;
      }
      case "States.MathRandom": {
        arity(a, 2, 3, name, expr);
        int start = integer(a.get(0), name, expr);
        int end = integer(a.get(1), name, expr);
        if (end <= start) {
          throw failure(expr, name + " needs start < end, got " + start + " and " + end);
        }
        Random random = a.size() == 3 ? new Random(integer(a.get(2), name, expr)) : ThreadLocalRandom.current();
        return IntNode.valueOf(start + random.nextInt(end - start));
      }
      case "States.MathAdd": {
        arity(a, 2, 2, name, expr);
        long sum = (long) integer(a.get(0), name, expr) + integer(a.get(1), name, expr);
        if (sum > Integer.MAX_VALUE || sum < Integer.MIN_VALUE) {
          throw failure(expr, name + " overflowed: " + sum);
        }
        return IntNode.valueOf((int) sum);
      }
      case "States.StringSplit": {
        arity(a, 2, 2, name, expr);
        String text = string(a.get(0), name, expr);
        String delimiters = string(a.get(1), name, expr);
        ArrayNode out = NODES.arrayNode();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (delimiters.indexOf(c) >= 0) {
            if (token.length() > 0) {
              out.add(token.toString());
            }
            token.setLength(0);
          } else {
            token.append(c);
          }
        }
        if (token.length() > 0) {
          out.add(token.toString());
        }
        return out;
      }
      case "States.UUID":
        arity(a, 0, 0, name, expr);
        return TextNode.valueOf(UUID.randomUUID().toString());
      default:
        throw failure(expr, "unknown intrinsic function " + name);
    }
  }

  private static JsonNode format(CallArg call, List<JsonNode> a, String expr) {
    if (a.isEmpty() || !(call.args().get(0) instanceof StringArg template)) {
      throw failure(expr, "States.Format takes a string literal template first");
    }
    String raw = template.raw();
    StringBuilder out = new StringBuilder();
    int next = 1;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        out.append(raw.charAt(++i));
      } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
        if (next >= a.size()) {
          throw failure(expr, "States.Format has more {} placeholders than arguments");
        }
        JsonNode v = a.get(next++);
        if (v.isContainerNode()) {
          throw failure(expr, "States.Format arguments must be strings, numbers, booleans or null");
        }
        out.append(v.isTextual() ? v.asText() : Json.write(v));
        i++;
      } else {
        out.append(c);
      }
    }
    if (next != a.size()) {
      throw failure(expr, "States.Format has " + (a.size() - 1) + " arguments for " + (next - 1) + " placeholders");
    }
    return TextNode.valueOf(out.toString());
  }

  private static void arity(List<JsonNode> a, int min, int max, String name, String expr) {
    if (a.size() < min || a.size() > max) {
      throw failure(
          expr,
          name + " takes " + (min == max ? String.valueOf(min) : min + " to " + max)
              + " arguments, got " + a.size());
    }
  }

  private static ArrayNode array(JsonNode v, String name, String expr) {
    if (!v.isArray()) {
      throw failure(expr, name + " needs an array, got " + Json.write(v));
    }
    return (ArrayNode) v;
  }

  private static String string(JsonNode v, String name, String expr) {
    if (!v.isTextual()) {
      throw failure(expr, name + " needs a string, got " + Json.write(v));
    }
    return v.asText();
  }

  private static int integer(JsonNode v, String name, String expr) {
    if (!v.isNumber() || !(v.isIntegralNumber() || v.decimalValue().stripTrailingZeros().scale() <= 0)) {
      throw failure(expr, name + " needs an integer, got " + Json.write(v));
    }
    long l = v.asLong();
    if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
      throw failure(expr, name + " needs a 32-bit integer, got " + l);
    }
    return (int) l;
  }
}
