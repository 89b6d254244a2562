package dev.mirrorflow.infra;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The Lambda steps: one function per step the workflows call, all from the one activities jar, each
 * with its log group and the {@value MirrorflowStack#LIVE_ALIAS} alias the workflows invoke. The one
 * place to reach a step's function (to grant it something, or to read it in a test).
 */
final class ClusterSteps extends ClusterRoom {

  /**
   * 1024 MB: Lambda gives CPU in proportion to memory, and a JVM step is CPU-bound while it
   * class-loads the SDK's EC2 model and JIT-compiles (SnapStart restores the loaded classes, not
   * the JIT's later work). The steps themselves hold a few pages of ENIs and sessions, far below.
   */
  private static final int FUNCTION_MEMORY_MB = 1024;

  /**
   * 60 s: a step makes a few EC2 calls of one attempt each (the state machine retries); the longest
   * is a create batch paced by EC2's mutating-call bucket (about 5 per second after a burst of
   * 50), so a batch of 50 needs about 10 s when the bucket is empty. A step still running after a
   * minute is stuck: Lambda ends it, Step Functions reports the timeout (as it does an out-of-memory)
   * as Lambda.Unknown, and every Lambda Task's Retry lists Lambda.Unknown, which does better than
   * waiting (Step Functions best practices, "Handle Lambda service exceptions").
   */
  private static final Duration FUNCTION_TIMEOUT = Duration.seconds(60);

  private final SortedMap<String, Function> functions = new TreeMap<>();
  private final SortedMap<String, Alias> aliases = new TreeMap<>();

  /**
   * @param steps the step names ({@code PlanVpc}), each served by {@code Names.handlerClass(step)}
   * @param role the role every step runs with
   * @param environment the variables every step gets
   */
  ClusterSteps(Construct scope, String id, ClusterSettings settings, Collection<String> steps, Role role,
      Map<String, String> environment) {
    super(scope, id);
    for (String step : steps) {
      function(settings, step, role, environment);
    }
  }

  /** The Lambda function of each step, by step name. */
  SortedMap<String, Function> functions() {
    return Collections.unmodifiableSortedMap(functions);
  }

  /** The {@value MirrorflowStack#LIVE_ALIAS} alias of each step, by step name: what the workflows invoke. */
  SortedMap<String, Alias> aliases() {
    return Collections.unmodifiableSortedMap(aliases);
  }

  private void function(ClusterSettings settings, String step, Role role, Map<String, String> environment) {
    String cluster = settings.cluster();
    String name = Names.function(cluster, step);
    LogGroup logs =
        LogGroup.Builder.create(this, step + "Logs")
            .logGroupName("/aws/lambda/" + name)
            .retention(RetentionDays.ONE_MONTH)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    logs.grantWrite(role);
    Function fn =
        Function.Builder.create(this, step + "Function")
            .functionName(name)
            .description("Mirrorflow step " + step + " of cluster " + cluster)
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.ARM_64)
            .handler(Names.handlerClass(step) + "::handleRequest")
            .code(Code.fromAsset(settings.activitiesJar().toString()))
            .memorySize(FUNCTION_MEMORY_MB)
            .timeout(FUNCTION_TIMEOUT)
            .role(role)
            .logGroup(logs)
            // SnapStart supports Java 11+ managed runtimes on arm64 too (Lambda's SnapStart
            // documentation); it needs published versions, hence the alias.
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .environment(environment)
            .build();
    // SnapStart runs the function's init when the version is published: let it log by then.
    fn.getNode().addDependency(role);
    // The current version fixes its logical id (plus a hash of the function) as it is made.
    LogicalIds.keepOutsideRooms(fn, "CurrentVersion", "Resource");
    Alias alias = Alias.Builder.create(this, step + "Live")
        .aliasName(MirrorflowStack.LIVE_ALIAS).version(fn.getCurrentVersion()).build();
    functions.put(step, fn);
    aliases.put(step, alias);
  }
}
