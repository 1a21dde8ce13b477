package io.spacecaps.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The job's shape, held against its code: stages that do not know the graph or each other's
 * insides, Kafka kept to the edges, and operators living in the stage they belong to.
 */
class JobArchitectureTest {

    private static JavaClasses job;

    @BeforeAll
    static void importJob() {
        job = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.spacecaps");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.spacecaps.(*)..").should().beFreeOfCycles().check(job);
    }

    @Test
    void stagesDoNotKnowTheGraph() {
        noClasses().that().resideInAnyPackage("io.spacecaps.ingest..", "io.spacecaps.asr..", "io.spacecaps.speakers..",
                        "io.spacecaps.spaces..", "io.spacecaps.config..", "io.spacecaps.format..", "io.spacecaps.stats..")
                .should().dependOnClassesThat().resideInAPackage("io.spacecaps.job..")
                .check(job);
    }

    @Test
    void onlyTheEdgesTalkToKafka() {
        noClasses().that().resideOutsideOfPackages("io.spacecaps.kafka..", "io.spacecaps.job..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink.connector.kafka..", "org.apache.kafka..")
                .check(job);
    }

    @Test
    void operatorsLiveInTheirStage() {
        classes().that().areAssignableTo(org.apache.flink.api.common.functions.AbstractRichFunction.class)
                .should().resideInAnyPackage("io.spacecaps.ingest..", "io.spacecaps.asr..", "io.spacecaps.speakers..", "io.spacecaps.format..",
                        "io.spacecaps.stats..")
                .check(job);
    }

    @Test
    void theSpeakerStageDoesNotReachIntoRecognition() {
        noClasses().that().resideInAPackage("io.spacecaps.speakers..")
                .should().dependOnClassesThat().resideInAPackage("io.spacecaps.asr..")
                .check(job);
    }

    @Test
    void statisticsReadOnlyTheContract() {
        noClasses().that().resideInAPackage("io.spacecaps.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spacecaps.ingest..", "io.spacecaps.asr..",
                        "io.spacecaps.speakers..", "io.spacecaps.format..")
                .check(job);
    }
}
