package dev.mirrorflow.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Builds and synthesizes stacks for the tests: one App per configuration, with cdk-nag applied. */
final class TestStacks {

  private TestStacks() {}

  /** A synthesized stack: its template and its cdk-nag annotations. */
  record Synth(MirrorflowStack stack, Template template, Annotations annotations) {

    /** The AwsSolutions errors, as "path: message" lines, for readable assertion failures. */
    List<String> nagErrors() {
      return annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
          .map(m -> m.getId() + ": " + m.getEntry().getData())
          .toList();
    }
  }

  /** The fixture workflows under src/test/resources/state-machines. */
  static Path fixtureStateMachines() {
    try {
      return Path.of(TestStacks.class.getResource("/state-machines").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The repository root, from surefire's {@code mirrorflow.root} (the working directory's parent otherwise). */
  static Path repositoryRoot() {
    String root = System.getProperty("mirrorflow.root");
    return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
  }

  /** A stand-in activities jar holding an (empty) handler class entry for each step. */
  static Path fakeActivitiesJar(Path directory, Collection<String> steps) {
    Path jar = directory.resolve("mirrorflow-activities-test-lambda.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (String step : steps) {
        out.putNextEntry(new JarEntry(Names.handlerClass(step).replace('.', '/') + ".class"));
        out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  /** Builds the stack of {@code settings} in a new App with the AwsSolutions checks, and synthesizes it. */
  static Synth synth(ClusterSettings settings) {
    App app = new App(software.amazon.awscdk.AppProps.builder().context(Map.of()).build());
    MirrorflowStack stack =
        new MirrorflowStack(app, Names.cluster(settings.cluster()), StackProps.builder().build(), settings);
    Aspects.of(app).add(new AwsSolutionsChecks());
    Template template = Template.fromStack(stack);
    return new Synth(stack, template, Annotations.fromStack(stack));
  }
}
