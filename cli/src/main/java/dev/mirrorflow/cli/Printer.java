package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Prints results as a table for people or as JSON for programs. */
final class Printer {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final Mirrorflow.OutputFormat format;

  Printer(PrintWriter out, Mirrorflow.OutputFormat format) {
    this.out = out;
    this.format = format;
  }

  boolean json() {
    return format == Mirrorflow.OutputFormat.json;
  }

  /** Prints a JSON result: as is in json mode, as indented "key: value" lines otherwise. */
  void result(JsonNode node) {
    if (json()) {
      out.println(node.toPrettyString());
    } else {
      keyValues(node, "");
    }
    out.flush();
  }

  /** A line for people; nothing in json mode. */
  void say(String line) {
    if (!json()) {
      out.println(line);
      out.flush();
    }
  }

  /** A table with a header row; columns padded to their widest cell. */
  void table(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
      }
    }
    printRow(header, widths);
    for (List<String> row : rows) {
      printRow(row, widths);
    }
    out.flush();
  }

  private void printRow(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = String.valueOf(cells.get(i));
      line.append(cell);
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    out.println(line.toString().stripTrailing());
  }

  private void keyValues(JsonNode node, String indent) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      out.println(indent + text(node));
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        if (value.isEmpty()) {
          out.println(indent + field.getKey() + ": none");
        } else {
          out.println(indent + field.getKey() + ":");
          keyValues(value, indent + "  ");
        }
      } else {
        out.println(indent + field.getKey() + ": " + text(value));
      }
    }
  }

  private static String text(JsonNode value) {
    if (value.isArray()) {
      if (value.isEmpty()) {
        return "none";
      }
      StringBuilder b = new StringBuilder();
      for (JsonNode item : value) {
        if (b.length() > 0) {
          b.append(", ");
        }
        b.append(item.isValueNode() ? item.asText() : item.toString());
      }
      return b.toString();
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }
}
