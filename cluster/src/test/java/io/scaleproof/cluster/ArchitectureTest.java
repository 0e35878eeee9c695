package io.scaleproof.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The cluster module's house plan, held against its classes: the backends for real clusters ({@code
 * kubeconfig}, {@code k3s}) never reach into the embedded cluster ({@code sim}), the embedded
 * cluster never into a backend, and no two packages depend on each other. The {@code local} backend
 * runs the real control plane, KEDA, the OpenTelemetry Operator and Argo CD and borrows from the
 * embedded cluster only the node (the process kubelet, the loopback balancer) and
 * kube-state-metrics, never its API server, controllers, autoscaling, operator or Argo CD. Shared
 * pieces live in neutral packages: the controller base and the rule-file writer in {@code control},
 * Git in the root package and {@code gitops}, the declared pipeline in {@code pipeline}.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.scaleproof.cluster");
  }

  @Test
  @DisplayName("the backends for real clusters never depend on the embedded cluster")
  void backendsNeverImportTheEmulation() {
    noClasses()
        .that()
        .resideInAnyPackage("..cluster.kubeconfig..", "..cluster.k3s..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..cluster.sim..")
        .because("a real cluster's backend runs the real programs, never the emulation")
        .check(classes);
  }

  @Test
  @DisplayName("the embedded cluster never depends on a backend for real clusters")
  void emulationNeverImportsABackend() {
    noClasses()
        .that()
        .resideInAPackage("..cluster.sim..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..cluster.kubeconfig..", "..cluster.k3s..", "..cluster.local..")
        .check(classes);
  }

  @Test
  @DisplayName(
      "the local backend never depends on the emulated control plane, autoscaling, operator or"
          + " Argo CD")
  void localBackendRunsTheRealControlPlane() {
    noClasses()
        .that()
        .resideInAPackage("..cluster.local..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..cluster.sim",
            "..cluster.sim.apiserver..",
            "..cluster.sim.controller..",
            "..cluster.sim.autoscaling..",
            "..cluster.sim.operator..",
            "..cluster.sim.argocd..")
        .because(
            "on the local backend the API server, the controllers, the HPA, KEDA, the"
                + " OpenTelemetry Operator and Argo CD are the real programs")
        .check(classes);
  }

  @Test
  @DisplayName("no package depends on another that depends back on it")
  void noPackageCycles() {
    slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(classes);
  }

  /** Every package is a slice of its own, the root package included. */
  private static final SliceAssignment BY_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(
            com.tngtech.archunit.core.domain.JavaClass javaClass) {
          return javaClass.getPackageName().startsWith("io.scaleproof.")
              ? SliceIdentifier.of(javaClass.getPackageName())
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "each package of io.scaleproof";
        }
      };
}
