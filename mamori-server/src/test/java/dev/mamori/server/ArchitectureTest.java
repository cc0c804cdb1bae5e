package dev.mamori.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, checked on the compiled classes of every module:
 * domain modules are plain Java, nobody reaches into another module's {@code internal}
 * package, and there are no package cycles.
 */
class ArchitectureTest {
    static final List<String> DOMAIN_MODULES = List.of("vault", "risk", "lab", "threeds", "phishing");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mamori");
    }

    @Test
    void domainModulesAndTheSharedKernelDoNotDependOnSpringOrTheWeb() {
        noClasses().that().resideInAnyPackage("dev.mamori.common..", "dev.mamori.vault..", "dev.mamori.risk..",
                        "dev.mamori.lab..", "dev.mamori.threeds..", "dev.mamori.phishing..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                        "dev.mamori.server..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternalPackage() {
        for (String module : DOMAIN_MODULES) {
            noClasses().that().resideOutsideOfPackage("dev.mamori." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.mamori." + module + ".internal..")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void modulesHaveNoDependencyCycles() {
        slices().matching("dev.mamori.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }

    @Test
    void theServersPackagesHaveNoDependencyCycles() {
        slices().matching("dev.mamori.server.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theSharedKernelDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.mamori.common..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mamori.vault..", "dev.mamori.risk..",
                        "dev.mamori.lab..", "dev.mamori.threeds..", "dev.mamori.phishing..", "dev.mamori.server..")
                .check(classes);
    }
}
