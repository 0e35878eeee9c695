package io.scaleproof.assertions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The assertion DSL stands alone: it judges a recorded timeline and knows nothing else of ours. */
class ArchitectureTest {
  @Test
  @DisplayName("the assertions depend on no other package of scaleproof")
  void assertionsImportNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("io.scaleproof.assertions..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.scaleproof.cluster..", "io.scaleproof.reports..", "io.scaleproof.scenarios..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.scaleproof.assertions"));
  }
}
