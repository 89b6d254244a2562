package dev.mirrorflow.activities.route;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a VPC is registered with a cluster, and whether its registration is open for reconciles. */
public enum RegistrationState {
  /** No schedule rule, or one without its {@code reconcile} target. */
  NOT_REGISTERED("vpcNotRegistered"),
  /** Registered, but its schedule rule is disabled: remove-vpc is under way. */
  INACTIVE("vpcNotActive"),
  /** Registered and its schedule rule enabled. */
  ACTIVE("vpcActive");

  private final String code;

  RegistrationState(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }
}
