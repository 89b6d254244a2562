package dev.mirrorflow.activities.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.ec2.AssumeRoleFailedException;
import dev.mirrorflow.activities.ec2.Ec2Accounts;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.guard.AllowedMirrorResources;
import dev.mirrorflow.activities.guard.MirrorResourceNotAllowedException;
import dev.mirrorflow.activities.input.InvalidInputException;
import dev.mirrorflow.activities.registry.InvalidVpcConfigException;
import dev.mirrorflow.activities.registry.RegistrationDigest;
import dev.mirrorflow.activities.registry.RegistrationState;
import dev.mirrorflow.activities.registry.VpcMirroringConfig;
import dev.mirrorflow.activities.registry.VpcNotRegisteredException;
import dev.mirrorflow.activities.registry.VpcRegistration;
import dev.mirrorflow.activities.registry.VpcRegistry;
import java.util.Optional;

/**
 * The ValidateVpcRequest step: every check add-vpc and remove-vpc make before they change anything,
 * so that bad input ends in a named error with the world unchanged.
 *
 * <ul>
 *   <li>add: ids well-formed, the config complete (cluster defaults for target and filter) and in
 *       range, the target and filter among those the cluster allows ({@link AllowedMirrorResources}),
 *       the VPC, target and filter exist; says whether the registration changes (a registration not
 *       confirmed by its digest counts as changed, and is written again with the digest).
 *   <li>remove: the id well-formed and the VPC registered ({@link VpcNotRegisteredException} if not).
 *   <li>confirm-remove (remove-vpc, right before it deregisters): the registration it disabled is still
 *       disabled or already gone ({@link RemovalSupersededException} if an add-vpc enabled it again).
 * </ul>
 *
 * <p>add-vpc and remove-vpc never undo each other silently: a registration that exists but is
 * disabled is being removed, and add-vpc refuses it ({@link RemovalInProgressException}) instead of
 * registering a VPC that the removal would deregister a moment later. An add-vpc that passed this
 * check just before the gate closed re-enables the registration; remove-vpc then stops before
 * deregistering. Both rest only on {@link VpcRegistry} (present, active), whatever stores it.
 */
public final class VpcRequestValidator {
  /**
   * The longest registration, checked before anything changes: it is the VPC's schedule's target
   * Input. 8,192 characters was EventBridge's Input limit when registrations were rules; it stays
   * as the bound (far under Scheduler's), so that no registration that worked before is refused.
   */
  public static final int MAX_REGISTRATION_CHARS = 8_192;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final VpcRegistry registry;
  private final Ec2Accounts<Ec2Mirroring> accounts;
  private final AllowedMirrorResources allowed;

  /** A validator that allows any target and filter (tests of the other checks). */
  public VpcRequestValidator(VpcRegistry registry, Ec2Mirroring ec2) {
    this(registry, ec2, AllowedMirrorResources.any());
  }

  public VpcRequestValidator(VpcRegistry registry, Ec2Mirroring ec2, AllowedMirrorResources allowed) {
    this(registry, Ec2Accounts.single(ec2), allowed);
  }

  /** A validator that allows any target and filter, checking each VPC in its account. */
  public VpcRequestValidator(VpcRegistry registry, Ec2Accounts<Ec2Mirroring> accounts) {
    this(registry, accounts, AllowedMirrorResources.any());
  }

  /**
   * A validator that checks each VPC, target and filter in the VPC's account (through the member
   * role), after the cluster's allowlist, which holds in every account.
   */
  public VpcRequestValidator(VpcRegistry registry, Ec2Accounts<Ec2Mirroring> accounts, AllowedMirrorResources allowed) {
    this.registry = registry;
    this.accounts = accounts;
    this.allowed = allowed;
  }

  /**
   * @throws InvalidInputException malformed ids, incomplete or out-of-range config
   * @throws MirrorResourceNotAllowedException add: the target or filter is not one the cluster allows
   * @throws RegistrationTooLargeException add: the rendered registration exceeds {@link #MAX_REGISTRATION_CHARS}
   * @throws MemberRoleUnassumableException add in a member account: the member role cannot be assumed
   * @throws VpcNotFoundException add: the VPC does not exist (in its account)
   * @throws TargetNotSharedException add in a member account: the target is not visible from there
   * @throws MirrorResourceNotFoundException add: the target or filter does not exist
   * @throws VpcNotRegisteredException remove: the VPC is not registered
   * @throws RemovalInProgressException add: the VPC is registered but disabled (being removed)
   * @throws RemovalSupersededException confirm-remove: the VPC is registered and enabled again
   */
  public ValidatedVpcRequest validate(ValidateVpcRequest in) {
    String cluster = in.cluster();
    String vpcId = in.request().vpcId();
    String group = ClusterNames.scheduleGroup(cluster);
    String schedule = ClusterNames.schedule(vpcId);
    if (ValidateVpcRequest.CONFIRM_REMOVE.equals(in.action())) {
      if (registry.isActive(cluster, vpcId)) {
        throw new RemovalSupersededException(cluster, vpcId);
      }
      return new ValidatedVpcRequest(cluster, vpcId, in.action(), null, true, group, schedule, null, null, 0, 0);
    }
    if (ValidateVpcRequest.REMOVE.equals(in.action())) {
      if (registry.state(cluster, vpcId) == RegistrationState.NOT_REGISTERED) {
        throw new VpcNotRegisteredException(cluster, vpcId);
      }
      return new ValidatedVpcRequest(cluster, vpcId, in.action(), null, true, group, schedule, null, null, 0, 0);
    }
    VpcMirroringConfig config = config(in);
    allowed.require(cluster, config);
    VpcRegistration asked = new VpcRegistration(cluster, vpcId, config);
    String registration = write(asked);
    if (registration.length() > MAX_REGISTRATION_CHARS) {
      throw new RegistrationTooLargeException(vpcId, registration.length(), MAX_REGISTRATION_CHARS);
    }
    // Registered (even with a malformed config) but DISABLED: remove-vpc is under way.
    if (registry.state(cluster, vpcId) == RegistrationState.INACTIVE) {
      throw new RemovalInProgressException(cluster, vpcId);
    }
    Optional<VpcRegistry.Registered> registered = registered(cluster, vpcId);
    String account = config.account();
    Ec2Mirroring ec2 = accounts.in(account);
    boolean vpcExists;
    try {
      vpcExists = ec2.vpcExists(vpcId);
    } catch (AssumeRoleFailedException e) {
      throw new MemberRoleUnassumableException(account, "the member role", e.code());
    }
    if (!vpcExists) {
      throw account == null || account.equals(accounts.hubAccount())
          ? new VpcNotFoundException(vpcId) : new VpcNotFoundException(vpcId, account);
    }
    if (!ec2.targetExists(config.targetId())) {
      if (account != null && !account.equals(accounts.hubAccount())) {
        throw new TargetNotSharedException(config.targetId(), account);
      }
      throw new MirrorResourceNotFoundException("target", config.targetId(), "--target-id");
    }
    if (!ec2.filterExists(config.filterId())) {
      throw new MirrorResourceNotFoundException("filter", config.filterId(), "--filter-id");
    }
    // Not confirmed (changed behind add-vpc's back) counts as changed: writing it again confirms it.
    boolean changed = !registered.equals(Optional.of(new VpcRegistry.Registered(config, true, true)));
    return new ValidatedVpcRequest(cluster, vpcId, in.action(), config, changed, group, schedule, registration,
        RegistrationDigest.description(asked), 0, 0);
  }

  /** One read of the registration: its config and whether it is open. */
  private Optional<VpcRegistry.Registered> registered(String cluster, String vpcId) {
    try {
      return registry.lookup(cluster, vpcId);
    } catch (InvalidVpcConfigException e) {
      return Optional.empty(); // a malformed registration is overwritten
    }
  }

  private static VpcMirroringConfig config(ValidateVpcRequest in) {
    ValidateVpcRequest.ConfigRequest asked = in.request().config();
    if (asked == null) {
      asked = new ValidateVpcRequest.ConfigRequest(null, null, null, null, null, null, null, null);
    }
    String targetId = orDefault(asked.targetId(), in.defaultTargetId());
    String filterId = orDefault(asked.filterId(), in.defaultFilterId());
    if (targetId == null) {
      throw new InvalidInputException("no traffic mirror target: cluster '" + in.cluster()
          + "' has no default target, so give config.targetId (mirrorflow add-vpc --target-id tmt-...)");
    }
    if (filterId == null) {
      throw new InvalidInputException("no traffic mirror filter: cluster '" + in.cluster()
          + "' has no default filter, so give config.filterId (mirrorflow add-vpc --filter-id tmf-...)");
    }
    try {
      return new VpcMirroringConfig(targetId, filterId, asked.virtualNetworkId(), asked.sessionNumber(),
          asked.packetLength(), asked.includeTags(), asked.excludeTags(), asked.mirrorManagedDatabases(),
          asked.account() == null || asked.account().isBlank() ? null : asked.account());
    } catch (InvalidVpcConfigException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  private static String orDefault(String given, String fallback) {
    if (given != null && !given.isBlank()) {
      return given;
    }
    return fallback == null || fallback.isBlank() ? null : fallback;
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value, e);
    }
  }
}
