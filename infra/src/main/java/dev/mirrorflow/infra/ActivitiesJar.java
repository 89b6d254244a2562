package dev.mirrorflow.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipFile;

/** The one shaded jar of the activities that serves every Lambda step. */
public final class ActivitiesJar {

  private ActivitiesJar() {}

  /** {@code activities/target/mirrorflow-activities-<version>-lambda.jar} under the repository root. */
  public static Path defaultPath(Path root) {
    return root.resolve("activities/target/mirrorflow-activities-" + projectVersion() + "-lambda.jar");
  }

  /** The Maven version this app was built with, which is the activities' version too. */
  public static String projectVersion() {
    Properties properties = new Properties();
    try (InputStream in = ActivitiesJar.class.getResourceAsStream("/mirrorflow-infra.properties")) {
      if (in == null) {
        throw new IllegalStateException("mirrorflow-infra.properties is missing from the classpath: rebuild infra");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  /** Fails fast unless {@code jar} is a file. */
  public static Path requireExists(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new InvalidSettingsException(
          "the activities Lambda jar " + jar.toAbsolutePath() + " does not exist: run mvn package first "
              + "(mvn -B -q package -DskipTests from the repository root)");
    }
    return jar;
  }

  /**
   * Fails fast unless the jar holds the handler class of every step, so that a workflow never
   * deploys calling a function that cannot start.
   */
  public static void requireHandlers(Path jar, Collection<String> steps) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<String> missing =
          steps.stream()
              .map(Names::handlerClass)
              .filter(cls -> zip.getEntry(cls.replace('.', '/') + ".class") == null)
              .toList();
      if (!missing.isEmpty()) {
        throw new InvalidSettingsException(
            "the workflows call steps whose handlers are not in " + jar + ": " + missing
                + ": add them to activities (dev.mirrorflow.activities.handler) and run mvn package, "
                + "or fix the ${<Step>FunctionArn} placeholders");
      }
    } catch (IOException e) {
      throw new InvalidSettingsException("cannot read the activities jar " + jar + ": " + e.getMessage(), e);
    }
  }
}
