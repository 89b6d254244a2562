package dev.mirrorflow.local.http;

/**
 * One AWS service of the local cloud. The server asks each registered service in turn whether it
 * {@linkplain #accepts accepts} a request (by protocol: an {@code X-Amz-Target} prefix, an EC2
 * query {@code Action}, a REST path) and hands the request to the first that does.
 */
public interface ServiceHandler {

  /** Whether this service serves the request. Must be cheap and must not consume the body. */
  boolean accepts(LocalRequest request);

  /**
   * Serves the request. Errors the service models (validation, not found, throttling) are answered
   * as AWS answers them, never thrown; a thrown exception becomes a 500 {@code InternalFailure}.
   */
  LocalResponse handle(LocalRequest request);
}
