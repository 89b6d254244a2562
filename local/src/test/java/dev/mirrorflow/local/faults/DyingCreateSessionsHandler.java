package dev.mirrorflow.local.faults;

import dev.mirrorflow.activities.aws.AwsClients;
import dev.mirrorflow.activities.aws.Environment;
import dev.mirrorflow.activities.ec2.CreateOutcome;
import dev.mirrorflow.activities.ec2.DeleteOutcome;
import dev.mirrorflow.activities.ec2.Ec2Mirroring;
import dev.mirrorflow.activities.ec2.Instance;
import dev.mirrorflow.activities.ec2.MirrorSession;
import dev.mirrorflow.activities.ec2.NetworkInterface;
import dev.mirrorflow.activities.ec2.NewSession;
import dev.mirrorflow.activities.ec2.SdkEc2Mirroring;
import dev.mirrorflow.activities.handler.StepHandler;
import dev.mirrorflow.activities.metrics.EmbeddedMetrics;
import dev.mirrorflow.activities.registry.SchedulerVpcRegistry;
import dev.mirrorflow.activities.session.CreateBatch;
import dev.mirrorflow.activities.session.CreateBatchResult;
import dev.mirrorflow.activities.session.SessionCreator;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real CreateSessions step whose sandbox dies after {@link #CREATES_BEFORE_DEATH} creates have
 * reached EC2: the invocation ends with {@link SandboxDiedException} in the middle of its batch, as
 * when Lambda's process crashes or runs out of memory (its error is not one the ASL retries).
 */
public final class DyingCreateSessionsHandler extends StepHandler<CreateBatch, CreateBatchResult> {
  /** Creates left before the sandbox dies; negative: never. Shared, so only the first death happens. */
  static final AtomicInteger CREATES_BEFORE_DEATH = new AtomicInteger(-1);
  /**
   * Runs once, right before the first create that follows it being set: after the batch has passed
   * the gate (the VPC was active), so a test can close the gate in the middle of the batch.
   */
  static final java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<NewSession>> BEFORE_NEXT_CREATE =
      new java.util.concurrent.atomic.AtomicReference<>();

  public DyingCreateSessionsHandler(Environment env) {
    super(CreateBatch.class, new SessionCreator(new SchedulerVpcRegistry(AwsClients.scheduler(env)),
        new Dying(new SdkEc2Mirroring(AwsClients.ec2(env))), EmbeddedMetrics.toStdout())::create);
  }

  /** What a crashed Lambda sandbox reports. */
  public static final class SandboxDiedException extends RuntimeException {
    SandboxDiedException() {
      super("Runtime exited with error: signal: killed (injected in the middle of a batch)");
    }
  }

  private record Dying(Ec2Mirroring ec2) implements Ec2Mirroring {
    @Override
    public List<NetworkInterface> networkInterfaces(String vpcId, Collection<String> subnetIds) {
      return ec2.networkInterfaces(vpcId, subnetIds);
    }

    @Override
    public Map<String, Instance> instances(String vpcId, Collection<String> instanceIds) {
      return ec2.instances(vpcId, instanceIds);
    }

    @Override
    public List<MirrorSession> sessionsOn(Collection<String> eniIds) {
      return ec2.sessionsOn(eniIds);
    }

    @Override
    public CreateOutcome createSession(NewSession session) {
      java.util.function.Consumer<NewSession> hook = BEFORE_NEXT_CREATE.getAndSet(null);
      if (hook != null) {
        hook.accept(session);
      }
      CreateOutcome outcome = ec2.createSession(session);
      if (CREATES_BEFORE_DEATH.get() >= 0 && CREATES_BEFORE_DEATH.decrementAndGet() < 0) {
        throw new SandboxDiedException();
      }
      return outcome;
    }

    @Override
    public DeleteOutcome deleteSession(String sessionId) {
      return ec2.deleteSession(sessionId);
    }

    @Override
    public boolean vpcExists(String vpcId) {
      return ec2.vpcExists(vpcId);
    }

    @Override
    public boolean targetExists(String targetId) {
      return ec2.targetExists(targetId);
    }

    @Override
    public boolean filterExists(String filterId) {
      return ec2.filterExists(filterId);
    }

    @Override
    public java.util.List<dev.mirrorflow.activities.ec2.MirrorTarget> targets() {
      return ec2.targets();
    }

    @Override
    public java.util.List<dev.mirrorflow.activities.ec2.NetworkInterface> networkInterfacesTagged(
        java.util.Collection<String> tagKeys) {
      return ec2.networkInterfacesTagged(tagKeys);
    }

    @Override
    public void tagNetworkInterfaces(java.util.Collection<String> eniIds, String key, String value) {
      ec2.tagNetworkInterfaces(eniIds, key, value);
    }
  }
}
