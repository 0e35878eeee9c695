package io.scaleproof.cluster.sim.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Optional;
import java.util.stream.Stream;

/** Controller references ({@code ownerReferences} with {@code controller: true}). */
public final class Owners {
  private Owners() {}

  public static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  public static Optional<OwnerReference> controllerOf(HasMetadata object) {
    return object.getMetadata().getOwnerReferences().stream()
        .filter(ref -> Boolean.TRUE.equals(ref.getController()))
        .findFirst();
  }

  /** True if {@code object}'s controller is {@code owner} (by uid). */
  public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
    return controllerOf(object)
        .map(ref -> ref.getUid().equals(owner.getMetadata().getUid()))
        .orElse(false);
  }

  /** The {@code namespace/name} key of {@code object}'s controller if it is of {@code kind}. */
  public static Stream<String> controllerKey(HasMetadata object, String kind) {
    return controllerOf(object).filter(ref -> kind.equals(ref.getKind())).stream()
        .map(ref -> object.getMetadata().getNamespace() + "/" + ref.getName());
  }
}
