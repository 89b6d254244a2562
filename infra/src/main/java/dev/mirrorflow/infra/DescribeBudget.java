package dev.mirrorflow.infra;

import dev.mirrorflow.activities.ec2.DescribeBudgetPlan;
import java.util.Map;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Function;

/**
 * The cluster's EC2 describe budget on its functions ({@link DescribeBudgetPlan}): every step that
 * describes gets its reserved concurrency, so Lambda never runs more instances of it at once, and the
 * per-instance rate and burst its EC2 adapter keeps to. Lambda keeps at least 100 of the account's
 * concurrency unreserved ("Configuring reserved concurrency for a function"): the stack reserves
 * {@link DescribeBudgetPlan#totalReserved()} in all, which an account must have to spare.
 */
final class DescribeBudget {
  private DescribeBudget() {}

  /** Applies {@code plan} to {@code functions} (by step). */
  static void apply(DescribeBudgetPlan plan, Map<String, Function> functions) {
    functions.forEach((step, fn) -> plan.reservedConcurrency(step).ifPresent(reserved -> {
      ((CfnFunction) fn.getNode().getDefaultChild()).setReservedConcurrentExecutions(reserved);
      plan.variables(step).forEach(fn::addEnvironment);
    }));
  }
}
