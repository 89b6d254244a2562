package dev.mirrorflow.activities.route;

import dev.mirrorflow.activities.ec2.Ec2RejectedException;
import dev.mirrorflow.activities.ec2.TransientEc2Exception;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * {@link Ec2Locator} on the AWS SDK v2 {@link Ec2Client}. Ids go in as filters, not as
 * {@code InstanceIds}/{@code SubnetIds}, so that something already gone is an empty answer rather
 * than a {@code NotFound} error.
 */
public final class SdkEc2Locator implements Ec2Locator {
  private static final Set<String> TRANSIENT = Set.of(
      "RequestLimitExceeded", "Throttling", "ThrottlingException", "RequestThrottled",
      "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable");

  private final Ec2Client ec2;

  public SdkEc2Locator(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public Optional<Placement> instance(String instanceId) {
    DescribeInstancesResponse answer = call("DescribeInstances", () -> ec2.describeInstances(b -> b
        .filters(Filter.builder().name("instance-id").values(instanceId).build())));
    return answer.reservations().stream()
        .flatMap(r -> r.instances().stream())
        .filter(i -> instanceId.equals(i.instanceId()))
        .findFirst()
        .flatMap(SdkEc2Locator::placement);
  }

  private static Optional<Placement> placement(Instance instance) {
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
        .filters(Filter.builder().name("subnet-id").values(List.copyOf(subnetIds)).build())));
    Map<String, String> out = new LinkedHashMap<>();
    for (Subnet subnet : answer.subnets()) {
      out.put(subnet.subnetId(), subnet.vpcId());
    }
    return out;
  }

  private static <T> T call(String operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (Ec2Exception e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      if ((code != null && TRANSIENT.contains(code)) || e.statusCode() >= 500 || e.statusCode() == 429) {
        throw new TransientEc2Exception(code, "EC2 " + operation + " failed transiently ("
            + code + ", HTTP " + e.statusCode() + "): " + message + "; the state machine retries it", e);
      }
      throw new Ec2RejectedException(code, "EC2 refused " + operation + " (" + code + "): " + message, e);
    } catch (SdkClientException e) {
      throw new TransientEc2Exception("IOError",
          "EC2 " + operation + " did not reach the service: " + e.getMessage() + "; the state machine retries it", e);
    }
  }
}
