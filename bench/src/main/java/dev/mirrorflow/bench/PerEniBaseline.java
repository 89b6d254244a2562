package dev.mirrorflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorflow.local.clock.LocalClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Figure 1's baseline: what existing tools do. One CreateTrafficMirrorSession per eligible ENI, in
 * sequence, through the SDK's Ec2Client with the SDK's default retry strategy and no awareness of
 * the bucket. The SDK's backoff sleeps in real time; it is divided by the clock's speed so that it
 * waits as long in virtual time, on the clock the buckets refill on.
 */
final class PerEniBaseline {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode run(BulkConvergence.Shape shape, double speed) {
    try (BenchCloud bench = BenchCloud.start(speed).seedVpc(shape.subnets(), shape.eligiblePerSubnet(),
        shape.ineligiblePerSubnet())) {
      BulkConvergence.configure(bench.cloud.ec2().knobs());
      RetryStrategy sdkDefault = AwsRetryStrategy.defaultRetryStrategy();
      Map<String, Integer> failures = new TreeMap<>();
      try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(bench.cloud.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .overrideConfiguration(c -> c.retryStrategy(new VirtualTimeRetryStrategy(sdkDefault, bench.cloud.clock())))
          .build()) {
        bench.cloud.ec2().resetCallCounts();
        Instant start = bench.cloud.clock().instant();
        for (String eni : bench.eligibleEnis) {
          try {
            ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorTargetId(bench.targetId)
                .trafficMirrorFilterId(bench.filterId).sessionNumber(1)
                .tagSpecifications(t -> t.resourceType(ResourceType.TRAFFIC_MIRROR_SESSION)
                    .tags(tag -> tag.key("mirrorflow:cluster").value("baseline"))));
          } catch (Ec2Exception e) {
            failures.merge(e.awsErrorDetails().errorCode(), 1, Integer::sum);
          } catch (SdkException e) {
            failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
          }
        }
        double seconds = Duration.between(start, bench.cloud.clock().instant()).toMillis() / 1000.0;
        ObjectNode out = JSON.createObjectNode();
        out.put("retryStrategy", sdkDefault.getClass().getSimpleName()).put("maxAttempts", sdkDefault.maxAttempts())
            .put("seconds", seconds)
            .put("ratioToLowerBound", seconds / BulkConvergence.lowerBoundSeconds(shape.eligible()))
            .put("unmirrored", bench.unmirrored())
            .put("createCalls", bench.cloud.ec2().callCount("CreateTrafficMirrorSession"));
        out.set("failures", JSON.valueToTree(failures));
        return out;
      }
    }
  }

  /** The SDK's own strategy, with every delay it asks for scaled from virtual to real time. */
  record VirtualTimeRetryStrategy(RetryStrategy delegate, LocalClock clock) implements RetryStrategy {
    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
      AcquireInitialTokenResponse r = delegate.acquireInitialToken(request);
      return AcquireInitialTokenResponse.create(r.token(), clock.toReal(r.delay()));
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
      RefreshRetryTokenResponse r = delegate.refreshRetryToken(request);
      return RefreshRetryTokenResponse.create(r.token(), clock.toReal(r.delay()));
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
      return delegate.recordSuccess(request);
    }

    @Override
    public int maxAttempts() {
      return delegate.maxAttempts();
    }

    @Override
    public Builder<?, ?> toBuilder() {
      return delegate.toBuilder();
    }
  }
}
