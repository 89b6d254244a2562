package dev.mirrorflow.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mirrorflow.activities.aws.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Invokes one activities handler once against the local cloud, in a fresh JVM, as Lambda's first
 * invocation of a new container would: {@code java -cp <jar> dev.mirrorflow.bench.ColdStartMain
 * <handler class> <endpoint> <payload file>}. Prints {@code HANDLED} once the handler has answered;
 * the benchmark times the process from its start to that line. It touches nothing but the handler,
 * so that it measures the jar it runs with.
 */
public final class ColdStartMain {
  private ColdStartMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ColdStartMain <handler class> <endpoint> <payload file>");
      System.exit(2);
    }
    byte[] payload = Files.readAllBytes(Path.of(args[2]));
    Environment env = Environment.local(URI.create(args[1]), "us-east-1", Map.of());
    RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0])
        .getConstructor(Environment.class).newInstance(env);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(payload), out, null);
    System.out.println("HANDLED " + out.size());
    System.out.flush();
    System.exit(0);
  }
}
