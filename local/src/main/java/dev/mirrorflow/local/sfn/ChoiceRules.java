package dev.mirrorflow.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Evaluates a Choice state's rules: every comparison operator and its {@code Path} variant,
 * {@code And}/{@code Or}/{@code Not}, and the type tests. A comparison against a value of the wrong
 * type is false; a {@code Variable} that selects nothing is {@code States.Runtime} (except for
 * {@code IsPresent}).
 */
final class ChoiceRules {
  static final Set<String> COMPARATORS =
      Set.of(
          "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals",
          "StringGreaterThanEquals", "StringMatches",
          "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals",
          "NumericGreaterThanEquals",
          "BooleanEquals",
          "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
          "TimestampGreaterThanEquals",
          "StringEqualsPath", "StringLessThanPath", "StringGreaterThanPath", "StringLessThanEqualsPath",
          "StringGreaterThanEqualsPath",
          "NumericEqualsPath", "NumericLessThanPath", "NumericGreaterThanPath",
          "NumericLessThanEqualsPath", "NumericGreaterThanEqualsPath",
          "BooleanEqualsPath",
          "TimestampEqualsPath", "TimestampLessThanPath", "TimestampGreaterThanPath",
          "TimestampLessThanEqualsPath", "TimestampGreaterThanEqualsPath",
          "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

  private ChoiceRules() {}

  /** The comparator field of a rule, or null for And/Or/Not. */
  static String comparator(JsonNode rule) {
    Iterator<String> names = rule.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (COMPARATORS.contains(n)) {
        return n;
      }
    }
    return null;
  }

  static boolean matches(JsonNode rule, JsonNode input, JsonNode context) {
    if (rule.has("And")) {
      for (JsonNode r : rule.get("And")) {
        if (!matches(r, input, context)) {
          return false;
        }
      }
      return true;
    }
    if (rule.has("Or")) {
      for (JsonNode r : rule.get("Or")) {
        if (matches(r, input, context)) {
          return true;
        }
      }
      return false;
    }
    if (rule.has("Not")) {
      return !matches(rule.get("Not"), input, context);
    }
    String op = comparator(rule);
    if (op == null) {
      throw new StatesException(StatesException.RUNTIME, "a Choice rule without a comparison operator: " + rule);
    }
    String variable = rule.path("Variable").asText("$");
    JsonNode value;
    try {
      value = Paths.read(input, context, variable);
    } catch (Paths.PathException e) {
      if (op.equals("IsPresent")) {
        return !rule.get(op).asBoolean();
      }
      throw new StatesException(
          StatesException.RUNTIME,
          "Invalid path '" + variable + "': The choice state's condition path references an invalid value.");
    }
    JsonNode operand = rule.get(op);
    String base = op;
    if (op.endsWith("Path") && !op.equals("IsPresent")) {
      base = op.substring(0, op.length() - "Path".length());
      try {
        operand = Paths.read(input, context, operand.asText());
      } catch (Paths.PathException e) {
        throw new StatesException(
            StatesException.RUNTIME,
            "Invalid path '" + rule.get(op).asText() + "': The choice state's condition path references an invalid value.");
      }
    }
    return compare(base, value, operand);
  }

  private static boolean compare(String op, JsonNode value, JsonNode operand) {
    switch (op) {
      case "IsPresent":
        return operand.asBoolean();
      case "IsNull":
        return value.isNull() == operand.asBoolean();
      case "IsNumeric":
        return value.isNumber() == operand.asBoolean();
      case "IsString":
        return value.isTextual() == operand.asBoolean();
      case "IsBoolean":
        return value.isBoolean() == operand.asBoolean();
      case "IsTimestamp":
        return (timestamp(value) != null) == operand.asBoolean();
      case "BooleanEquals":
        return value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
      case "StringMatches":
        return value.isTextual() && operand.isTextual() && wildcard(value.asText(), operand.asText());
      default:
        break;
    }
    Integer cmp = null;
    if (op.startsWith("String")) {
      if (value.isTextual() && operand.isTextual()) {
        cmp = Integer.signum(value.asText().compareTo(operand.asText()));
      }
    } else if (op.startsWith("Numeric")) {
      if (value.isNumber() && operand.isNumber()) {
        cmp = decimal(value).compareTo(decimal(operand));
      }
    } else if (op.startsWith("Timestamp")) {
      Instant a = timestamp(value);
      Instant b = timestamp(operand);
      if (a != null && b != null) {
        cmp = a.compareTo(b);
      }
    }
    if (cmp == null) {
      return false;
    }
    String relation = op.replaceFirst("^(String|Numeric|Timestamp)", "");
    return switch (relation) {
      case "Equals" -> cmp == 0;
      case "LessThan" -> cmp < 0;
      case "GreaterThan" -> cmp > 0;
      case "LessThanEquals" -> cmp <= 0;
      case "GreaterThanEquals" -> cmp >= 0;
      default -> throw new StatesException(StatesException.RUNTIME, "unknown comparison " + op);
    };
  }

  private static BigDecimal decimal(JsonNode n) {
    return n.decimalValue();
  }

  /** An RFC 3339 timestamp, or null when the value is not one. */
  static Instant timestamp(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    String text = value.asText();
    if (!text.contains("T")) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
  static boolean wildcard(String text, String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '*') {
        regex.append(".*");
      } else {
        regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return text.matches("(?s)" + regex);
  }

  /** Kept for validation: operators whose operand is a path. */
  static boolean isPathOperator(String op) {
    return op.endsWith("Path");
  }

}
