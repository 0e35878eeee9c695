package io.scaleproof.reports;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reports draw what the assertions recorded, and depend on nothing else of ours. */
class ArchitectureTest {
  @Test
  @DisplayName("the reports depend only on the assertions among scaleproof's packages")
  void reportsImportOnlyTheAssertions() {
    noClasses()
        .that()
        .resideInAPackage("io.scaleproof.reports..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.scaleproof.cluster..", "io.scaleproof.scenarios..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.scaleproof.reports"));
  }
}
