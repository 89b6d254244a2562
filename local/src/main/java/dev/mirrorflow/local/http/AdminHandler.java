package dev.mirrorflow.local.http;

import dev.mirrorflow.local.ec2.LocalEc2Exception;

/**
 * A plain-JSON admin API of the local cloud (EC2's, ECS's, the data plane's): the routes under one
 * prefix, answered through {@link AdminJson}. A subclass serves its routes in {@link #serve} and ends
 * with {@link #noRoute}; bad input (an {@link IllegalArgumentException}) answers 400 {@code
 * InvalidRequest}, a {@link LocalEc2Exception} its code, with 404 for a {@code .NotFound} one.
 */
public abstract class AdminHandler implements ServiceHandler {
  private final String prefix;

  /** @param prefix the routes' prefix, {@code /_mirrorflow/<service>/} */
  protected AdminHandler(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public final boolean accepts(LocalRequest request) {
    return request.path().startsWith(prefix);
  }

  @Override
  public final LocalResponse handle(LocalRequest request) {
    try {
      return serve(request.method(), request.path().substring(prefix.length()), request);
    } catch (LocalEc2Exception e) {
      return AdminJson.error(e.code().endsWith(".NotFound") ? 404 : 400, e.code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      return AdminJson.error(400, "InvalidRequest", e.getMessage());
    }
  }

  /**
   * Serves one request.
   *
   * @param method the HTTP method
   * @param route the path below the prefix ({@code tasks/abc})
   */
  protected abstract LocalResponse serve(String method, String route, LocalRequest request);

  /** The 404 answer of a route this API does not have, pointing at the class that lists its routes. */
  protected final LocalResponse noRoute(LocalRequest request) {
    return AdminJson.error(404, "NotFound", "no admin route " + request.method() + " " + request.path()
        + "; see " + getClass().getSimpleName() + "'s Javadoc for the routes under " + prefix);
  }
}
