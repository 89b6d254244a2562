package dev.mirrorflow.activities.lifecycle;

import dev.mirrorflow.activities.input.InvalidInputException;

/**
 * add-vpc's configuration does not fit where the registration is kept: EventBridge takes a target's
 * constant Input of at most {@value VpcRequestValidator#MAX_REGISTRATION_CHARS} characters. Nothing
 * was written; shorten the configuration (usually its tag lists).
 */
public final class RegistrationTooLargeException extends InvalidInputException {
  public RegistrationTooLargeException(String vpcId, int length, int max) {
    super("the configuration of " + vpcId + " is " + length + " characters once rendered, more than the "
        + max + " EventBridge keeps as a rule target's input: shorten it, usually its tag lists"
        + " (--include-tag / --exclude-tag), e.g. one tag key with value '*' instead of many values");
  }
}
