/**
 * The local cloud's Step Functions: an Amazon States Language engine ({@link
 * dev.mirrorflow.local.sfn.LocalStepFunctions}) and the AWS JSON API in front of it ({@link
 * dev.mirrorflow.local.sfn.StepFunctionsService}).
 *
 * <p>Wiring, with the local Lambda whose functions Task states run:
 *
 * <pre>{@code
 * LocalClock clock = LocalClock.create();
 * LocalServer server = LocalServer.create(port);
 * LocalLambda lambda = new LocalLambda(server::endpoint, "us-east-1", "000000000000", clock);
 * LocalStepFunctions sfn = new LocalStepFunctions(clock, lambda, server, "us-east-1", "000000000000");
 * server.register(new StepFunctionsService(sfn)).register(new LambdaService(lambda));
 * server.start();
 * Deployment d = LocalDeployer.create(lambda, sfn).deploy(Path.of("state-machines"), "demo");
 * }</pre>
 *
 * <p>SDK clients that call {@code StartSyncExecution} against {@code http://127.0.0.1:PORT} must
 * disable host-prefix injection ({@code SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION}),
 * because the API's {@code sync-} host prefix cannot be put in front of an IP address.
 */
package dev.mirrorflow.local.sfn;
