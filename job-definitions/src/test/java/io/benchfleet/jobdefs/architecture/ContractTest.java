package io.benchfleet.jobdefs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contract between manager and worker is plain Java: no Spring, no worker or manager code. */
class ContractTest {

    private static final JavaClasses CONTRACT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.benchfleet.jobdefs");

    @Test
    void theContractDependsOnNoSpringClass() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CONTRACT);
    }

    @Test
    void theContractDependsOnNeitherTheManagerNorTheWorker() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.benchfleet.manager..",
                "io.benchfleet.worker..").check(CONTRACT);
    }
}
