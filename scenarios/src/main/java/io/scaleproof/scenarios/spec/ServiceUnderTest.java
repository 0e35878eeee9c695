package io.scaleproof.scenarios.spec;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A service a project proves: the Deployment a ScaledObject scales, the Service and port the load
 * is sent to, the request each virtual user sends, and which of the ScaledObject's triggers tells
 * which story. Read from the project file by {@link ProjectFile}; checked against the pipeline's
 * manifests by {@link ScalingChain}.
 *
 * @param name how scenarios name it
 * @param namespace the Deployment's namespace, as the pipeline declares it
 * @param deployment the Deployment's name
 * @param service the Service the load is sent to (by default the Deployment's name)
 * @param port the Service's port
 * @param request what each virtual user sends
 * @param signals which trigger (or query) gives the latency, the error ratio and the request rate
 * @param errorRateVariable the environment variable that makes the service answer a fraction of its
 *     requests with errors, for scenarios that inject faults; empty when it has none
 */
public record ServiceUnderTest(
    String name,
    String namespace,
    String deployment,
    String service,
    int port,
    Request request,
    Signals signals,
    Optional<String> errorRateVariable) {
  public ServiceUnderTest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(signals, "signals");
    Objects.requireNonNull(errorRateVariable, "errorRateVariable");
  }

  /** {@code namespace/deployment}, as the project file writes it. */
  public String deploymentRef() {
    return namespace + "/" + deployment;
  }

  /**
   * The HTTP request a virtual user sends, as a client of the service would.
   *
   * @param method GET, POST, PUT, PATCH or DELETE
   * @param path the path and query, starting with {@code /}
   * @param headers sent with every request
   * @param body the request's body, or null for none
   */
  public record Request(String method, String path, Map<String, String> headers, String body) {
    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      headers = Map.copyOf(headers);
    }
  }

  /**
   * Where each signal of the service is read. A signal is one of its ScaledObject's triggers, by
   * the trigger's {@code name} (the value KEDA sees), or a PromQL query of the project's own for a
   * signal no trigger measures.
   *
   * @param latency the trigger that scales on p95 latency; empty: the ScaledObject's only trigger
   * @param errors the trigger that scales on the error ratio, if any
   * @param rate the trigger or query that gives requests per second, if any
   */
  public record Signals(Optional<Source> latency, Optional<Source> errors, Optional<Source> rate) {
    public Signals {
      Objects.requireNonNull(latency, "latency");
      Objects.requireNonNull(errors, "errors");
      Objects.requireNonNull(rate, "rate");
    }

    /** No signal named: the ScaledObject's only trigger is the latency one. */
    public static Signals inferred() {
      return new Signals(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /**
   * A signal's source: a trigger of the service's ScaledObject, or a query of the project's own.
   *
   * @param trigger the trigger's name, or null
   * @param query the PromQL, or null
   * @param field where the project file says it, for errors
   */
  public record Source(String trigger, String query, String field) {
    public Source {
      if ((trigger == null) == (query == null)) {
        throw new IllegalArgumentException(field + ": give a trigger's name or a query, not both");
      }
    }
  }
}
