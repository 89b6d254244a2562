package dev.mirrorflow.activities.scan;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * {@link RunningReconciles} on Step Functions: ListExecutions(RUNNING) of reconcile-vpc, pages of
 * 1000; one call unless more than 1000 reconciles of the cluster run at once.
 */
public final class SfnRunningReconciles implements RunningReconciles {
  static final int PAGE_SIZE = 1000;

  private final SfnClient sfn;

  public SfnRunningReconciles(SfnClient sfn) {
    this.sfn = sfn;
  }

  @Override
  public List<RunningReconcile> of(String stateMachineArn, String vpcId) {
    String prefix = vpcId + "-";
    List<RunningReconcile> running = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListExecutionsResponse page;
      try {
        page = sfn.listExecutions(b -> b.stateMachineArn(stateMachineArn).statusFilter(ExecutionStatus.RUNNING)
            .maxResults(PAGE_SIZE).nextToken(next));
      } catch (SfnException e) {
        if (dev.mirrorflow.activities.aws.AwsFailures.isTransient(e)) {
          throw new TransientStepFunctionsException(
              "Step Functions ListExecutions(" + stateMachineArn + ") failed transiently: " + e.getMessage(), e);
        }
        throw e;
      } catch (SdkClientException e) {
        throw new TransientStepFunctionsException(
            "Step Functions ListExecutions(" + stateMachineArn + ") did not reach the service: " + e.getMessage(), e);
      }
      for (ExecutionListItem e : page.executions()) {
        if (e.name().startsWith(prefix)) {
          running.add(new RunningReconcile(e.name(), e.startDate()));
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return List.copyOf(running);
  }
}
