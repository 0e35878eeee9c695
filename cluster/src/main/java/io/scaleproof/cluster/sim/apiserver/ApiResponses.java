package io.scaleproof.cluster.sim.apiserver;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * The answers the embedded API server writes itself: a JSON body, and a failure as a {@code Status}
 * with its code, reason and message, as kube-apiserver writes one.
 */
final class ApiResponses {
  /** Reads request bodies and writes response bodies for every part of the dispatcher. */
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  private ApiResponses() {}

  static MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(JSON.asJson(body));
  }

  static MockResponse status(int code, String reason, String message) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .build();
    return json(code, status);
  }

  /** A path that names nothing served, as a discovery document that does not exist. */
  static MockResponse notFound() {
    return status(404, "NotFound", "the server could not find the requested resource");
  }

  /** An object that is not there: {@code deployments.apps "web" not found}. */
  static MockResponse notFound(ApiPath resource) {
    String what = resource.plural() + (resource.group().isEmpty() ? "" : "." + resource.group());
    return status(404, "NotFound", what + " \"" + resource.name() + "\" not found");
  }
}
