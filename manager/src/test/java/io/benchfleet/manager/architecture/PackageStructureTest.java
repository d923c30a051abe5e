package io.benchfleet.manager.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The manager's packages depend one way: the entry points (cli, web, schedule) use the job and its parts (job,
 * report, partition, fleet, export), which use the run's identity and queries (run), which use the contract. Read from the
 * compiled classes, so a stray import anywhere fails the build.
 */
class PackageStructureTest {

    private static final JavaClasses MANAGER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.benchfleet.manager");

    @Test
    void noTwoPackagesOfTheManagerDependOnEachOther() {
        slices().matching("io.benchfleet.manager.(*)..").should().beFreeOfCycles().check(MANAGER);
    }

    @Test
    void entryPointsUseTheJobWhichUsesTheRunQueriesNeverTheOtherWayRound() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("entry points").definedBy("io.benchfleet.manager.cli..", "io.benchfleet.manager.web..",
                        "io.benchfleet.manager.schedule..")
                .layer("job").definedBy("io.benchfleet.manager.job..", "io.benchfleet.manager.report..",
                        "io.benchfleet.manager.partition..", "io.benchfleet.manager.fleet..",
                        "io.benchfleet.manager.export..")
                .layer("run").definedBy("io.benchfleet.manager.run..")
                .whereLayer("entry points").mayNotBeAccessedByAnyLayer()
                .whereLayer("job").mayOnlyBeAccessedByLayers("entry points")
                .whereLayer("run").mayOnlyBeAccessedByLayers("entry points", "job")
                .check(MANAGER);
    }

    @Test
    void theManagerKnowsTheWorkerOnlyThroughItsSharedInfrastructure() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.benchfleet.worker.queue..",
                        "io.benchfleet.worker.trial..", "io.benchfleet.worker.docker..", "io.benchfleet.worker.result..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(
                        "io.benchfleet.worker.config.WorkerConfiguration")
                .check(MANAGER);
    }
}
