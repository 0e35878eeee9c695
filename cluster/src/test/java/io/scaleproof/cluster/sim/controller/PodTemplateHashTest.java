package io.scaleproof.cluster.sim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {
  @Test
  @DisplayName("the hash is stable, label-safe, and changes with the template and collision count")
  void hashesTheTemplate() {
    String hash = PodTemplateHash.of(template("app:1"), null);

    assertThat(PodTemplateHash.of(template("app:1"), null)).isEqualTo(hash);
    assertThat(hash).matches("[" + Names.ALPHANUMS + "]{1,10}");
    assertThat(PodTemplateHash.of(template("app:2"), null)).isNotEqualTo(hash);
    assertThat(PodTemplateHash.of(template("app:1"), 1)).isNotEqualTo(hash);
  }

  @Test
  @DisplayName("FNV-32a matches the reference vectors")
  void fnv32aMatchesReferenceVectors() {
    // Vectors from the FNV reference (Fowler/Noll/Vo test suite): "", "a", "foobar".
    assertThat(Integer.toUnsignedString(PodTemplateHash.fnv32a(0x811c9dc5, new byte[0])))
        .isEqualTo(Long.toString(0x811c9dc5L));
    assertThat(Integer.toHexString(PodTemplateHash.fnv32a(0x811c9dc5, "a".getBytes())))
        .isEqualTo("e40c292c");
    assertThat(Integer.toHexString(PodTemplateHash.fnv32a(0x811c9dc5, "foobar".getBytes())))
        .isEqualTo("bf9cf968");
  }

  @Test
  @DisplayName("generated names keep the base and add five safe characters, within 63")
  void generatesNames() {
    assertThat(Names.generate("web-7d9c5-")).matches("web-7d9c5-[" + Names.ALPHANUMS + "]{5}");
    assertThat(Names.generate("x".repeat(80))).hasSize(63);
  }

  private static PodTemplateSpec template(String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }
}
