package dev.mirrorflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a command was asked to do is already done (e.g. the VPC was removed by an earlier remove-vpc): exit 0. */
final class AlreadyDoneException extends RuntimeException {
  private final transient ObjectNode result;

  AlreadyDoneException(String message, ObjectNode result) {
    super(message);
    this.result = result;
  }

  /** The result to print in JSON mode. */
  ObjectNode result() {
    return result;
  }
}
