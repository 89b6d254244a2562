package dev.mirrorflow.activities.handler;

import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.lifecycle.ValidateVpcRequest;
import dev.mirrorflow.activities.lifecycle.ValidatedVpcRequest;
import dev.mirrorflow.activities.lifecycle.VpcRequestValidator;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.time.Clock;

/** Step ValidateVpcRequest: {@link ValidateVpcRequest} to {@link ValidatedVpcRequest} (see {@link VpcRequestValidator}). */
public final class ValidateVpcRequestHandler extends StepHandler<ValidateVpcRequest, ValidatedVpcRequest> {

  /** On Lambda: real clients from the process environment, built once per container. */
  public ValidateVpcRequestHandler() {
    this(Environment.fromSystem());
  }

  /** In the local cloud: real clients pointed at {@code env}. */
  public ValidateVpcRequestHandler(Environment env) {
    this(env, Clock.systemUTC());
  }

  /** In the local cloud: its describe budget waits on the cloud's (maybe sped-up) clock. */
  public ValidateVpcRequestHandler(Environment env, Clock clock) {
    this(Clients.registry(env), Clients.ec2Accounts(env, clock), AllowedMirrorResources.fromEnvironment(env));
  }

  ValidateVpcRequestHandler(VpcRegistry registry, Ec2Accounts<Ec2Mirroring> ec2, AllowedMirrorResources allowed) {
    super(ValidateVpcRequest.class, new VpcRequestValidator(registry, ec2, allowed)::validate);
  }

  ValidateVpcRequestHandler(VpcRegistry registry, Ec2Mirroring ec2) {
    this(registry, ec2, AllowedMirrorResources.any());
  }

  ValidateVpcRequestHandler(VpcRegistry registry, Ec2Mirroring ec2, AllowedMirrorResources allowed) {
    super(ValidateVpcRequest.class, new VpcRequestValidator(registry, ec2, allowed)::validate);
  }
}
