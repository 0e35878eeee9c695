package io.scaleproof.cluster.sim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resource name the Argo CD emulation lists and deletes an object's kind by: the API's plural,
 * as discovery gives it for these kinds (a kind ending in s or y is no exception to English).
 */
class ResourceContextTest {
  @ParameterizedTest(name = "{0}/{1} → {2}")
  @CsvSource({
    "v1, Endpoints, endpoints",
    "gateway.networking.k8s.io/v1, Gateway, gateways",
    "networking.k8s.io/v1, Ingress, ingresses",
    "networking.k8s.io/v1, NetworkPolicy, networkpolicies",
    "discovery.k8s.io/v1, EndpointSlice, endpointslices",
    "v1, Service, services",
    "apps/v1, Deployment, deployments",
    "keda.sh/v1alpha1, ScaledObject, scaledobjects",
    "monitoring.coreos.com/v1, PrometheusRule, prometheusrules",
    "opentelemetry.io/v1beta1, OpenTelemetryCollector, opentelemetrycollectors"
  })
  void pluralAsTheApiNamesIt(String apiVersion, String kind, String plural) {
    var context = ArgoCdController.context(new ArgoCdController.Gvk(apiVersion, kind));
    assertThat(context.getPlural()).isEqualTo(plural);
    assertThat(context.getKind()).isEqualTo(kind);
  }
}
