package dev.mirrorflow.activities.registry;

import dev.mirrorflow.activities.aws.AwsFailures;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorflow.activities.cluster.ClusterNames;
import dev.mirrorflow.activities.route.RegisteredVpcs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesRequest;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.SchedulerException;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * The registrations on EventBridge Scheduler, the one adapter that reads and writes them: a
 * registered VPC is the schedule {@code <vpcId>} in the cluster's schedule group {@code
 * mirrorflow-<cluster>}, whose target (scan-vpc) has the {@link VpcRegistration} as its Input, and
 * whose State is the gate remove-vpc closes. Every lookup is one GetSchedule.
 *
 * <p>The schedule's Description carries the {@link RegistrationDigest} of the Input add-vpc wrote; a
 * registration whose Input no longer matches it is read as not confirmed.
 *
 * <p>The add-vpc and remove-vpc workflows write the same schedules through Step Functions' own
 * Scheduler integration; {@link #register} writes them exactly so, for tools and tests that register
 * without the workflows.
 */
public final class SchedulerVpcRegistry implements VpcRegistry, RegisteredVpcs {
  /**
   * The cadence {@link #register} writes: a deployed cluster's default (its workflows write the
   * cluster's own, {@code ${ScanRate}}).
   */
  public static final String EVERY_MINUTE = "rate(1 minute)";
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final SchedulerClient scheduler;

  public SchedulerVpcRegistry(SchedulerClient scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Where a schedule sends its VPC's scans: the scan-vpc state machine, the role Scheduler assumes,
   * and the cluster's dead-letter queue.
   */
  public record ScanTarget(String scanVpcArn, String roleArn, String deadLetterArn) {}

  @Override
  public Optional<Registered> lookup(String cluster, String vpcId) {
    return get(cluster, vpcId).map(s -> {
      VpcMirroringConfig config = parse(cluster, vpcId, s.target().input());
      return new Registered(config, s.state() == ScheduleState.ENABLED,
          RegistrationDigest.confirms(s.description(), new VpcRegistration(cluster, vpcId, config)));
    });
  }

  @Override
  public RegistrationState state(String cluster, String vpcId) {
    return get(cluster, vpcId)
        .map(s -> s.state() == ScheduleState.ENABLED ? RegistrationState.ACTIVE : RegistrationState.INACTIVE)
        .orElse(RegistrationState.NOT_REGISTERED);
  }

  /** The ids of every VPC with a schedule in the cluster's group (registered, or half-way through remove-vpc). */
  @Override
  public List<String> vpcIds(String cluster) {
    String group = ClusterNames.scheduleGroup(cluster);
    List<String> ids = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListSchedulesResponse page;
      try {
        page = call("ListSchedules", group, () -> scheduler.listSchedules(ListSchedulesRequest.builder().groupName(group).nextToken(next).build()));
      } catch (ResourceNotFoundException e) {
        return ids; // no group: the cluster is not deployed, so nothing is registered
      }
      page.schedules().stream().map(ScheduleSummary::name).forEach(ids::add);
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return ids;
  }

  /**
   * Registers (or re-registers) a VPC as add-vpc does: the schedule ENABLED, its Input the
   * registration, created or, when it exists, replaced. Its first scan is at once.
   */
  public void register(VpcRegistration registration, ScanTarget target) {
    register(registration, target, null);
  }

  /**
   * Registers a VPC whose first scheduled scan is at {@code firstScan} (null: at once), then every
   * minute: tests and benchmarks that want no scheduled scan for a while give a later start.
   */
  public void register(VpcRegistration registration, ScanTarget target, Instant firstScan) {
    String group = ClusterNames.scheduleGroup(registration.cluster());
    String name = ClusterNames.schedule(registration.vpcId());
    Target scheduleTarget = Target.builder().arn(target.scanVpcArn()).roleArn(target.roleArn())
        .input(write(registration))
        .retryPolicy(r -> r.maximumRetryAttempts(3).maximumEventAgeInSeconds(300))
        .deadLetterConfig(d -> d.arn(target.deadLetterArn())).build();
    try {
      call("CreateSchedule", name, () -> scheduler.createSchedule(b -> b.groupName(group).name(name)
          .scheduleExpression(EVERY_MINUTE).state(ScheduleState.ENABLED).startDate(firstScan)
          .description(RegistrationDigest.description(registration))
          .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).target(scheduleTarget)));
    } catch (ConflictException exists) {
      call("UpdateSchedule", name, () -> scheduler.updateSchedule(b -> b.groupName(group).name(name)
          .scheduleExpression(EVERY_MINUTE).state(ScheduleState.ENABLED).startDate(firstScan)
          .description(RegistrationDigest.description(registration))
          .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).target(scheduleTarget)));
    }
  }

  private Optional<GetScheduleResponse> get(String cluster, String vpcId) {
    String group = ClusterNames.scheduleGroup(cluster);
    String name = ClusterNames.schedule(vpcId);
    try {
      return Optional.of(call("GetSchedule", group + "/" + name,
          () -> scheduler.getSchedule(GetScheduleRequest.builder().groupName(group).name(name).build())));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static <T> T call(String operation, String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (ResourceNotFoundException | ConflictException e) {
      throw e;
    } catch (SchedulerException e) {
      if (AwsFailures.isTransient(e)) {
        throw new TransientRegistryException(
            "EventBridge Scheduler " + operation + "(" + what + ") failed transiently: " + e.getMessage(), e);
      }
      throw e;
    } catch (SdkClientException e) {
      throw new TransientRegistryException(
          "EventBridge Scheduler " + operation + "(" + what + ") failed to reach the service: " + e.getMessage(), e);
    }
  }

  private static VpcMirroringConfig parse(String cluster, String vpcId, String input) {
    String schedule = ClusterNames.scheduleGroup(cluster) + "/" + ClusterNames.schedule(vpcId);
    if (input == null || input.isBlank()) {
      throw new InvalidVpcConfigException("schedule " + schedule + " has no target Input; re-run add-vpc for " + vpcId);
    }
    VpcRegistration registration;
    try {
      registration = JSON.readValue(input, VpcRegistration.class);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof InvalidVpcConfigException invalid) {
        throw invalid;
      }
      throw new InvalidVpcConfigException(
          "the target Input of schedule " + schedule + " is not a registration: " + e.getOriginalMessage());
    }
    if (!cluster.equals(registration.cluster()) || !vpcId.equals(registration.vpcId())
        || registration.config() == null) {
      throw new InvalidVpcConfigException("the target Input of schedule " + schedule
          + " must name cluster " + cluster + ", VPC " + vpcId + " and a config; re-run add-vpc");
    }
    return registration.config();
  }

  private static String write(VpcRegistration registration) {
    try {
      return JSON.writeValueAsString(registration);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + registration, e);
    }
  }
}
