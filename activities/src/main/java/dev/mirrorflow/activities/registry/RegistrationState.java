package dev.mirrorflow.activities.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a VPC is registered with a cluster, and whether its registration is open for reconciles. */
public enum RegistrationState {
  /** No schedule for the VPC in the cluster's schedule group. */
  NOT_REGISTERED("vpcNotRegistered"),
  /** Registered, but its schedule is DISABLED: remove-vpc is under way. */
  INACTIVE("vpcNotActive"),
  /** Registered and its schedule ENABLED. */
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
