package dev.mirrorflow.local.ec2;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one XML writer of the local EC2: a tiny streaming builder for the EC2 query protocol's
 * responses ({@code <ActionResponse xmlns=...><requestId>..}) and error documents. Null values are
 * left out, as EC2 leaves out absent members.
 */
final class Xml {
  static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

  private final StringBuilder out = new StringBuilder(512);
  private final Deque<String> open = new ArrayDeque<>();

  private Xml() {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  /** Starts {@code <{action}Response xmlns=...><requestId>..</requestId>}; close it with {@link #finish()}. */
  static Xml response(String action, String requestId) {
    Xml xml = new Xml();
    xml.out.append('<').append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
    xml.open.push(action + "Response");
    xml.text("requestId", requestId);
    return xml;
  }

  /** EC2's error document. */
  static String error(String code, String message, String requestId) {
    Xml xml = new Xml();
    xml.start("Response").start("Errors").start("Error");
    xml.text("Code", code).text("Message", message);
    xml.end().end().text("RequestID", requestId);
    return xml.finish();
  }

  Xml start(String name) {
    out.append('<').append(name).append('>');
    open.push(name);
    return this;
  }

  Xml end() {
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** {@code <name>value</name>}, or nothing when value is null. */
  Xml text(String name, Object value) {
    if (value == null) {
      return this;
    }
    String s = value instanceof Instant i ? i.truncatedTo(ChronoUnit.MILLIS).toString() : value.toString();
    out.append('<').append(name).append('>');
    escape(s);
    out.append("</").append(name).append('>');
    return this;
  }

  /** Closes every open element and returns the document. */
  String finish() {
    while (!open.isEmpty()) {
      end();
    }
    return out.toString();
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
  }
}
