package dev.mirrorflow.activities.route;

import dev.mirrorflow.activities.input.InvalidInputException;

/**
 * The event given to the event router is not an EC2 instance or ECS task state change as AWS shapes
 * them (missing or malformed {@code id}, {@code source}, {@code detail-type} or {@code detail}
 * fields). Nothing was changed; check the rule's event pattern and whoever put the event.
 */
public class MalformedEventException extends InvalidInputException {
  public MalformedEventException(String message) {
    super("malformed state-change event: " + message);
  }
}
