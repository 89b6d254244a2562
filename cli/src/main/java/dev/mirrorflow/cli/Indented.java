package dev.mirrorflow.cli;

import java.io.PrintWriter;
import java.io.Writer;

/** A writer that starts every line with an indent: a command's output inside the demo's narrative. */
final class Indented extends Writer {
  private final String indent;
  private final PrintWriter target;
  private boolean atLineStart = true;

  private Indented(String indent, PrintWriter target) {
    this.indent = indent;
    this.target = target;
  }

  static PrintWriter by(String indent, PrintWriter target) {
    return new PrintWriter(new Indented(indent, target), true);
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      char c = chars[i];
      if (atLineStart && c != '\n') {
        target.write(indent);
      }
      target.write(c);
      atLineStart = c == '\n';
    }
  }

  @Override
  public void flush() {
    target.flush();
  }

  @Override
  public void close() {
    flush();
  }
}
