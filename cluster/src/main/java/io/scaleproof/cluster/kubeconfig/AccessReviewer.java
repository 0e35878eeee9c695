package io.scaleproof.cluster.kubeconfig;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Answers whether the run's user may do something; the cluster's authorizer decides. */
@FunctionalInterface
public interface AccessReviewer {

  boolean allowed(Permission permission);

  /**
   * Asks the API server with a {@code SelfSubjectAccessReview}, which every authenticated user may
   * create. An API server in AlwaysAllow mode (as the embedded cluster's) allows everything.
   */
  static AccessReviewer selfSubjectAccessReview(KubernetesClient client) {
    return permission -> {
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withNewResourceAttributes()
              .withVerb(permission.verb())
              .withGroup(permission.group())
              .withResource(permission.resource())
              .withSubresource(emptyToNull(permission.subresource()))
              .withNamespace(emptyToNull(permission.namespace()))
              .endResourceAttributes()
              .endSpec()
              .build();
      SelfSubjectAccessReview answered =
          client.authorization().v1().selfSubjectAccessReview().create(review);
      return answered.getStatus() != null && Boolean.TRUE.equals(answered.getStatus().getAllowed());
    };
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
