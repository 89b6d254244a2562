package dev.mirrorflow.activities.ec2;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorSessionRequest;
import software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorSessionResponse;
import software.amazon.awssdk.services.ec2.model.DeleteTrafficMirrorSessionRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorSessionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorSessionsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorFiltersRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorTargetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorTargetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSession;

/**
 * The one EC2 adapter: {@link Ec2Mirroring} and {@link Ec2Locator} on the AWS SDK v2 {@link
 * Ec2Client}: paginated describes (MaxResults + NextToken) with server-side filters, each waiting for
 * its action's token of the {@link DescribeBudget}; idempotent creates, "not found" as success on
 * delete, and EC2's error codes mapped to {@link TransientEc2Exception}, {@link Ec2RejectedException}
 * or per-ENI {@link CreateOutcome}s. The locator asks for ids as filters, not as {@code
 * InstanceIds}/{@code SubnetIds}, so that something already gone is an empty answer rather than a
 * {@code NotFound} error.
 */
public final class SdkEc2Mirroring implements Ec2Mirroring, Ec2Locator {
  /** Largest page EC2's describe calls return. */
  static final int PAGE_SIZE = 1000;
  /** EC2 takes at most 200 values in one filter. */
  static final int FILTER_VALUES = 200;
  /**
   * Beyond this many filtered calls, listing every session of the account is cheaper: a listing
   * takes one page per 1,000 sessions (at most 10), a filtered call answers for 200 ENIs only, so
   * listing wins as soon as more than one filtered call would be needed and the account's sessions
   * are mostly on this VPC (the usual capture account).
   */
  static final int MAX_FILTERED_CALLS = 1;

  private static final String SESSION_NOT_FOUND = "InvalidTrafficMirrorSessionId.NotFound";
  private static final String ENI_NOT_FOUND = "InvalidNetworkInterfaceID.NotFound";

  private final Ec2Client ec2;
  private final DescribeBudget budget;

  /** An adapter whose describe calls go at once. */
  public SdkEc2Mirroring(Ec2Client ec2) {
    this(ec2, DescribeBudget.unlimited());
  }

  /** An adapter whose describe calls wait for {@code budget}'s tokens, one bucket per action. */
  public SdkEc2Mirroring(Ec2Client ec2, DescribeBudget budget) {
    this.ec2 = ec2;
    this.budget = budget;
  }

  @Override
  public List<NetworkInterface> networkInterfaces(String vpcId, Collection<String> subnetIds) {
    List<Filter> filters = new ArrayList<>(List.of(filter("vpc-id", List.of(vpcId))));
    List<NetworkInterface> result = new ArrayList<>();
    for (List<String> subnets : chunksOrEmpty(subnetIds)) {
      List<Filter> pageFilters = new ArrayList<>(filters);
      if (!subnets.isEmpty()) {
        pageFilters.add(filter("subnet-id", subnets));
      }
      String token = null;
      do {
        String next = token;
        DescribeNetworkInterfacesResponse page = call("DescribeNetworkInterfaces", () ->
            ec2.describeNetworkInterfaces(DescribeNetworkInterfacesRequest.builder()
                .filters(pageFilters).maxResults(PAGE_SIZE).nextToken(next).build()));
        page.networkInterfaces().forEach(eni -> result.add(networkInterface(eni)));
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
    }
    return result;
  }

  /** Few ids are asked for by an {@code instance-id} filter; for many, listing the VPC takes fewer pages. */
  @Override
  public Map<String, Instance> instances(String vpcId, Collection<String> instanceIds) {
    Map<String, Instance> result = new HashMap<>();
    if (instanceIds.isEmpty()) {
      return result;
    }
    List<Filter> filters = new ArrayList<>(List.of(filter("vpc-id", List.of(vpcId))));
    if (instanceIds.size() <= FILTER_VALUES) {
      filters.add(filter("instance-id", List.copyOf(instanceIds)));
    }
    eachInstance(filters, i -> result.put(i.instanceId(), new Instance(i.instanceId(), i.instanceTypeAsString(), tags(i.tags()))));
    return result;
  }

  /** Every instance DescribeInstances answers for {@code filters}, page by page. */
  private void eachInstance(List<Filter> filters, Consumer<software.amazon.awssdk.services.ec2.model.Instance> each) {
    String token = null;
    do {
      String next = token;
      DescribeInstancesResponse page = call("DescribeInstances", () ->
          ec2.describeInstances(DescribeInstancesRequest.builder()
              .filters(filters).maxResults(PAGE_SIZE).nextToken(next).build()));
      page.reservations().forEach(r -> r.instances().forEach(each));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
  }

  /**
   * Few ENIs are asked for with {@code network-interface-id} filters of 200; for many, one listing
   * of the account's sessions (at most 10,000 per account and region, so at most 10 pages) costs
   * fewer calls, and is narrowed here.
   */
  @Override
  public List<MirrorSession> sessionsOn(Collection<String> eniIds) {
    if (eniIds.isEmpty()) {
      return new ArrayList<>();
    }
    List<String> ids = List.copyOf(eniIds);
    if (ids.size() <= FILTER_VALUES * MAX_FILTERED_CALLS) {
      List<MirrorSession> result = new ArrayList<>();
      for (List<String> enis : chunks(ids)) {
        result.addAll(describeSessions(List.of(filter("network-interface-id", enis))));
      }
      return result;
    }
    Set<String> wanted = new HashSet<>(ids);
    return describeSessions(List.of()).stream().filter(s -> wanted.contains(s.eniId()))
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private List<MirrorSession> describeSessions(List<Filter> filters) {
    List<MirrorSession> result = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeTrafficMirrorSessionsResponse page = call("DescribeTrafficMirrorSessions", () ->
          ec2.describeTrafficMirrorSessions(DescribeTrafficMirrorSessionsRequest.builder()
              .filters(filters.isEmpty() ? null : filters).maxResults(PAGE_SIZE).nextToken(next).build()));
      page.trafficMirrorSessions().forEach(s -> result.add(session(s)));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return result;
  }

  @Override
  public CreateOutcome createSession(NewSession session) {
    CreateTrafficMirrorSessionRequest request = CreateTrafficMirrorSessionRequest.builder()
        .networkInterfaceId(session.eniId())
        .trafficMirrorTargetId(session.targetId())
        .trafficMirrorFilterId(session.filterId())
        .sessionNumber(session.sessionNumber())
        .virtualNetworkId(session.virtualNetworkId())
        .packetLength(session.packetLength())
        .clientToken(session.clientToken())
        .description("Mirrorflow cluster " + session.cluster())
        .tagSpecifications(TagSpecification.builder()
            .resourceType(ResourceType.TRAFFIC_MIRROR_SESSION)
            .tags(sessionTags(session))
            .build())
        .build();
    try {
      CreateTrafficMirrorSessionResponse response = call("CreateTrafficMirrorSession",
          () -> ec2.createTrafficMirrorSession(request));
      return CreateOutcome.created(response.trafficMirrorSession().trafficMirrorSessionId());
    } catch (Ec2RejectedException e) {
      // Every refusal is this ENI's outcome, by its code: one refusal never stalls the subnet.
      return CreateOutcome.refused(e.errorCode() == null ? "Unknown" : e.errorCode(), e.getMessage());
    }
  }

  @Override
  public DeleteOutcome deleteSession(String sessionId) {
    try {
      call("DeleteTrafficMirrorSession", () -> ec2.deleteTrafficMirrorSession(
          DeleteTrafficMirrorSessionRequest.builder().trafficMirrorSessionId(sessionId).build()),
          List.of(SESSION_NOT_FOUND));
      return DeleteOutcome.DELETED;
    } catch (PerItemRefusal notFound) {
      return DeleteOutcome.ALREADY_GONE;
    }
  }

  @Override
  public void tagNetworkInterfaces(Collection<String> eniIds, String key, String value) {
    if (eniIds.isEmpty()) {
      return;
    }
    try {
      call("CreateTags", () -> ec2.createTags(CreateTagsRequest.builder()
          .resources(List.copyOf(eniIds)).tags(tag(key, value)).build()), List.of(ENI_NOT_FOUND));
    } catch (PerItemRefusal gone) {
      // One ENI is gone, and EC2 tagged none: tag the others one by one (rare: an ENI deleted meanwhile).
      if (eniIds.size() > 1) {
        eniIds.forEach(id -> tagNetworkInterfaces(List.of(id), key, value));
      }
    }
  }

  @Override
  public List<MirrorTarget> targets() {
    List<MirrorTarget> result = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeTrafficMirrorTargetsResponse page = call("DescribeTrafficMirrorTargets", () ->
          ec2.describeTrafficMirrorTargets(DescribeTrafficMirrorTargetsRequest.builder()
              .maxResults(PAGE_SIZE).nextToken(next).build()));
      page.trafficMirrorTargets().forEach(t -> result.add(
          new MirrorTarget(t.trafficMirrorTargetId(), t.typeAsString(), t.networkInterfaceId())));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return result;
  }

  @Override
  public List<NetworkInterface> networkInterfacesTagged(Collection<String> tagKeys) {
    List<NetworkInterface> result = new ArrayList<>();
    List<Filter> filters = List.of(filter("tag-key", List.copyOf(tagKeys)));
    String token = null;
    do {
      String next = token;
      DescribeNetworkInterfacesResponse page = call("DescribeNetworkInterfaces", () ->
          ec2.describeNetworkInterfaces(DescribeNetworkInterfacesRequest.builder()
              .filters(filters).maxResults(PAGE_SIZE).nextToken(next).build()));
      page.networkInterfaces().forEach(eni -> result.add(networkInterface(eni)));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return result;
  }

  // Filters rather than ids: an unknown id is an empty answer, not an error code to map.
  @Override
  public boolean vpcExists(String vpcId) {
    return !call("DescribeVpcs", () -> ec2.describeVpcs(DescribeVpcsRequest.builder()
        .filters(filter("vpc-id", List.of(vpcId))).build())).vpcs().isEmpty();
  }

  @Override
  public boolean targetExists(String targetId) {
    return !call("DescribeTrafficMirrorTargets", () -> ec2.describeTrafficMirrorTargets(
        DescribeTrafficMirrorTargetsRequest.builder()
            .filters(filter("traffic-mirror-target-id", List.of(targetId))).build())).trafficMirrorTargets().isEmpty();
  }

  @Override
  public boolean filterExists(String filterId) {
    return !call("DescribeTrafficMirrorFilters", () -> ec2.describeTrafficMirrorFilters(
        DescribeTrafficMirrorFiltersRequest.builder()
            .filters(filter("traffic-mirror-filter-id", List.of(filterId))).build())).trafficMirrorFilters().isEmpty();
  }

  @Override
  public Optional<Placement> instance(String instanceId) {
    return instancePlacements(List.of(filter("instance-id", List.of(instanceId)))).entrySet().stream()
        .filter(e -> instanceId.equals(e.getKey())).map(Map.Entry::getValue).findFirst();
  }

  @Override
  public Map<String, Placement> launchedAround(Instant when) {
    // launch-time takes a wildcard ("2021-09-29T*" matches a day): one value per minute.
    Instant minute = when.truncatedTo(ChronoUnit.MINUTES);
    List<String> minutes = List.of(LAUNCH_MINUTE.format(minute.minus(1, ChronoUnit.MINUTES)) + "*",
        LAUNCH_MINUTE.format(minute) + "*");
    return instancePlacements(List.of(filter("launch-time", minutes)));
  }

  private static final DateTimeFormatter LAUNCH_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

  private Map<String, Placement> instancePlacements(List<Filter> filters) {
    Map<String, Placement> result = new LinkedHashMap<>();
    eachInstance(filters, i -> placement(i).ifPresent(p -> result.put(i.instanceId(), p)));
    return result;
  }

  private static Optional<Placement> placement(software.amazon.awssdk.services.ec2.model.Instance instance) {
    if (instance.vpcId() == null || instance.vpcId().isEmpty()) {
      return Optional.empty();
    }
    Set<String> subnets = new LinkedHashSet<>();
    if (instance.subnetId() != null && !instance.subnetId().isEmpty()) {
      subnets.add(instance.subnetId());
    }
    for (InstanceNetworkInterface eni : instance.networkInterfaces()) {
      if (eni.subnetId() != null && !eni.subnetId().isEmpty()) {
        subnets.add(eni.subnetId());
      }
    }
    return Optional.of(new Placement(instance.vpcId(), subnets));
  }

  @Override
  public Map<String, String> vpcsOfSubnets(Collection<String> subnetIds) {
    if (subnetIds.isEmpty()) {
      return Map.of();
    }
    DescribeSubnetsResponse answer = call("DescribeSubnets", () -> ec2.describeSubnets(b -> b
        .filters(filter("subnet-id", List.copyOf(subnetIds)))));
    Map<String, String> out = new LinkedHashMap<>();
    for (Subnet subnet : answer.subnets()) {
      out.put(subnet.subnetId(), subnet.vpcId());
    }
    return out;
  }

  private <T> T call(String operation, Supplier<T> request) {
    return call(operation, request, List.of());
  }

  /** Runs one EC2 call, mapping its failure to our exceptions; codes in {@code perItem} become a refusal. */
  private <T> T call(String operation, Supplier<T> request, List<String> perItem) {
    if (operation.startsWith("Describe")) {
      budget.take(operation);
    }
    try {
      return request.get();
    } catch (Ec2Exception e) {
      String code = Ec2Failures.code(e);
      if (code != null && perItem.contains(code)) {
        throw new PerItemRefusal(code, Ec2Failures.message(e));
      }
      throw Ec2Failures.translate(operation, e);
    } catch (software.amazon.awssdk.services.sts.model.StsException e) {
      // A member account's credentials come from AssumeRole before the EC2 call: a refusal is permanent.
      if (e.statusCode() >= 400 && e.statusCode() < 500 && e.awsErrorDetails() != null) {
        throw new AssumeRoleFailedException(e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
      }
      throw e;
    } catch (SdkClientException e) {
      throw Ec2Failures.unreachable(operation, e);
    }
  }

  /** A refusal the caller handles as a per-item result; never leaves this class. */
  private static final class PerItemRefusal extends RuntimeException {
    final String code;

    PerItemRefusal(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private static NetworkInterface networkInterface(software.amazon.awssdk.services.ec2.model.NetworkInterface eni) {
    return new NetworkInterface(
        eni.networkInterfaceId(),
        eni.subnetId(),
        eni.interfaceTypeAsString() == null ? NetworkInterface.TYPE_INTERFACE : eni.interfaceTypeAsString(),
        Boolean.TRUE.equals(eni.requesterManaged()),
        eni.attachment() == null ? null : eni.attachment().instanceId(),
        tags(eni.tagSet()));
  }

  private static MirrorSession session(TrafficMirrorSession s) {
    return new MirrorSession(
        s.trafficMirrorSessionId(),
        s.networkInterfaceId(),
        s.trafficMirrorTargetId(),
        s.trafficMirrorFilterId(),
        s.sessionNumber() == null ? 0 : s.sessionNumber(),
        s.virtualNetworkId(),
        s.packetLength(),
        tags(s.tags()));
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> result = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> result.put(t.key(), t.value() == null ? "" : t.value()));
    }
    return result;
  }

  private static List<Tag> sessionTags(NewSession session) {
    List<Tag> tags = new ArrayList<>(List.of(tag(MirrorTags.CLUSTER, session.cluster()),
        tag(MirrorTags.VPC, session.vpcId()), tag(MirrorTags.SUBNET, session.subnetId())));
    if (session.clientToken() != null) {
      tags.add(tag(MirrorTags.CLIENT_TOKEN, session.clientToken()));
    }
    return tags;
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  /** The values in chunks EC2 accepts in one filter; one empty chunk when there are none (no filter). */
  private static List<List<String>> chunksOrEmpty(Collection<String> values) {
    return values == null || values.isEmpty() ? List.of(List.of()) : chunks(List.copyOf(values));
  }

  private static List<List<String>> chunks(List<String> values) {
    List<List<String>> result = new ArrayList<>();
    for (int i = 0; i < values.size(); i += FILTER_VALUES) {
      result.add(values.subList(i, Math.min(values.size(), i + FILTER_VALUES)));
    }
    return result;
  }
}
