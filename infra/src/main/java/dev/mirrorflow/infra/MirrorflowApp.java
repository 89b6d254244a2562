package dev.mirrorflow.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code npx cdk deploy -c cluster=NAME -c targetId=tmt-...} from the repository root
 * deploys one capture cluster (see infra/README.md for every context value).
 */
public final class MirrorflowApp {

  private MirrorflowApp() {}

  /** Builds the app from the CDK context and synthesizes it: the member stack when {@code hubAccount} is given. */
  public static void main(String[] args) {
    App app = new App();
    try {
      if (app.getNode().tryGetContext("hubAccount") != null) {
        buildMember(app);
      } else {
        build(app);
      }
    } catch (InvalidSettingsException e) {
      System.err.println("mirrorflow: " + e.getMessage());
      System.exit(1);
    }
    app.synth();
  }

  /** Adds the cluster's stack, and the cdk-nag AwsSolutions checks, to {@code app}. */
  public static MirrorflowStack build(App app) {
    Path root =
        Path.of(Optional.ofNullable(app.getNode().tryGetContext("root")).map(Object::toString).orElse("."))
            .toAbsolutePath()
            .normalize();
    ClusterSettings settings = ClusterSettings.fromContext(key -> app.getNode().tryGetContext(key), root);
    MirrorflowStack stack = new MirrorflowStack(app, Names.cluster(settings.cluster()), props(settings), settings);
    Aspects.of(app).add(new AwsSolutionsChecks());
    return stack;
  }

  /**
   * Adds the member stack ({@code -c cluster=NAME -c hubAccount=111111111111}, with the hub's allowlist
   * {@code -c allowedTargets=... -c allowedFilterIds=...}) and the cdk-nag checks:
   * environment-agnostic, so that one template serves every account of a StackSet.
   */
  public static MemberStack buildMember(App app) {
    Path root =
        Path.of(Optional.ofNullable(app.getNode().tryGetContext("root")).map(Object::toString).orElse("."))
            .toAbsolutePath()
            .normalize();
    Object cluster = app.getNode().tryGetContext("cluster");
    if (cluster == null) {
      throw new InvalidSettingsException("the member stack needs the cluster's name: -c cluster=NAME -c hubAccount=...");
    }
    String hubAccount = String.valueOf(app.getNode().tryGetContext("hubAccount"));
    MemberStack stack = new MemberStack(app, Names.cluster(cluster.toString()) + "-member",
        StackProps.builder()
            // No assets and no bootstrap version check: the template alone deploys, as a StackSet needs.
            .synthesizer(new software.amazon.awscdk.BootstraplessSynthesizer())
            .description("Mirrorflow member of capture cluster " + cluster + " (hub " + hubAccount
                + "): the role its steps assume here, and the forwarding of this account's state changes")
            .build(),
        cluster.toString(), hubAccount, StateChangePattern.load(root.resolve("state-machines")),
        contextList(app, "allowedTargets"), contextList(app, "allowedFilterIds"));
    Aspects.of(app).add(new AwsSolutionsChecks());
    return stack;
  }

  private static List<String> contextList(App app, String key) {
    Object value = app.getNode().tryGetContext(key);
    return value == null ? List.of()
        : java.util.Arrays.stream(value.toString().split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  private static StackProps props(ClusterSettings settings) {
    // The account and region the CLI resolved (profile, environment); unset, the stack is
    // environment-agnostic and deploys wherever the CLI points.
    String account = System.getenv("CDK_DEFAULT_ACCOUNT");
    String region = System.getenv("CDK_DEFAULT_REGION");
    StackProps.Builder props =
        StackProps.builder()
            .description("Mirrorflow capture cluster " + settings.cluster()
                + ": keeps one owned traffic mirror session on every eligible ENI of its registered VPCs");
    if (account != null || region != null) {
      props.env(Environment.builder().account(account).region(region).build());
    }
    return props.build();
  }
}
