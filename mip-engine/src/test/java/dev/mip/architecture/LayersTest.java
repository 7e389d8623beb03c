package dev.mip.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages form layers, bottom to top, each importing only from below, and no package
 * cycle: a reader knows from a class's package what it may use.
 *
 * <pre>
 *   tools    cli, bench             command line, sweeps, benchmarks
 *   run      run                    the pipeline: locate, unlearn, verify for one configuration
 *   config   config                 mip.yaml into the settings records of the layers below
 *   verdict  gate, report           rules and verdicts; JSON, JUnit XML, HTML, log table
 *   stages   train, locate,         training loops (lowest of the four), influential paths,
 *            unlearn, eval          unlearning methods, metrics and attacks
 *   data     data (+ format,        the benchmark records (lowest), the readers and writers, the
 *            mllmu, synth, load)    synthetic generator, and the loader that picks a reader
 *   model    model (+ io)           checkpoints, safetensors, forward pass, tokenizer, images
 *   base     dev.mip, io, json,     errors, progress, files, hashes and fingerprints, JSON fields,
 *            runtime                the DJL runtime
 * </pre>
 */
class LayersTest {
    private static final String[] BASE = {"dev.mip", "dev.mip.io..", "dev.mip.json..", "dev.mip.runtime.."};
    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.mip");
    }

    @Test
    void eachLayerImportsOnlyFromTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("base").definedBy(BASE)
                .layer("model").definedBy("dev.mip.model..")
                .layer("data").definedBy("dev.mip.data..")
                .layer("stages").definedBy("dev.mip.train..", "dev.mip.locate..", "dev.mip.unlearn..", "dev.mip.eval..")
                .layer("verdict").definedBy("dev.mip.gate..", "dev.mip.report..")
                .layer("config").definedBy("dev.mip.config..")
                .layer("run").definedBy("dev.mip.run..")
                .layer("tools").definedBy("dev.mip.cli..", "dev.mip.bench..")
                .whereLayer("tools").mayNotBeAccessedByAnyLayer()
                .whereLayer("run").mayOnlyBeAccessedByLayers("tools")
                .whereLayer("config").mayOnlyBeAccessedByLayers("run", "tools")
                .whereLayer("verdict").mayOnlyBeAccessedByLayers("config", "run", "tools")
                .whereLayer("stages").mayOnlyBeAccessedByLayers("verdict", "config", "run", "tools")
                .whereLayer("data").mayOnlyBeAccessedByLayers("stages", "verdict", "config", "run", "tools")
                .whereLayer("model").mayOnlyBeAccessedByLayers("data", "stages", "verdict", "config", "run", "tools")
                .check(engine);
    }

    @Test
    void withinTheStagesTrainingIsLowestAndOnlyUnlearningUsesThePaths() {
        noClasses().that().resideInAPackage("dev.mip.train..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.mip.locate..", "dev.mip.unlearn..", "dev.mip.eval..")
                .because("the training loops are what the other stages build on").check(engine);
        noClasses().that().resideInAnyPackage("dev.mip.locate..", "dev.mip.eval..").should().dependOnClassesThat()
                .resideInAPackage("dev.mip.unlearn..").because("unlearning uses the paths and the metrics, not the reverse")
                .check(engine);
        noClasses().that().resideInAnyPackage("dev.mip.locate..").should().dependOnClassesThat()
                .resideInAPackage("dev.mip.eval..").check(engine);
    }

    @Test
    void withinTheDataTheRecordsAreLowestAndTheLoaderHighest() {
        noClasses().that().resideInAPackage("dev.mip.data").should().dependOnClassesThat()
                .resideInAnyPackage("dev.mip.data.format..", "dev.mip.data.mllmu..", "dev.mip.data.synth..", "dev.mip.data.load..")
                .because("the readers and the generator build the records, not the reverse").check(engine);
        noClasses().that().resideInAnyPackage("dev.mip.data.format..", "dev.mip.data.mllmu..", "dev.mip.data.synth..")
                .should().dependOnClassesThat().resideInAPackage("dev.mip.data.load..").check(engine);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.mip.(**)").should().beFreeOfCycles().check(engine);
    }

    @Test
    void everyPackageSaysWhatItIsAndWhatItMayUse() throws IOException {
        Path root = Path.of("src", "main", "java", "dev", "mip");
        List<Path> packages;
        try (Stream<Path> s = Files.walk(root)) {
            packages = s.filter(Files::isDirectory).filter(LayersTest::holdsJava).toList();
        }
        List<Path> missing = packages.stream().filter(p -> !Files.isRegularFile(p.resolve("package-info.java"))).toList();
        assertEquals(List.of(), missing, "packages without a package-info.java");
        assertTrue(packages.size() >= 20, "all packages were found: " + packages);
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            return false;
        }
    }
}
