package io.pagekeys.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The shipped rules hold for the whole of pagekeys' main code, every module at once. */
class ArchitectureTest {

    private static JavaClasses pagekeys;

    @BeforeAll
    static void importMainClassesOfEveryModule() {
        pagekeys = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.pagekeys");
    }

    @TestFactory
    Stream<DynamicTest> everyRuleHoldsForPagekeys() {
        return PagekeysArchitecture.pagekeys().rules().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(pagekeys)));
    }

    @TestFactory
    Stream<DynamicTest> everyModuleIsImported() {
        return Stream.of("domain", "application", "application.port.in", "application.service", "adapters.persistence",
                        "adapters.rest", "bootstrap")
                .map(module -> DynamicTest.dynamicTest(module, () -> {
                    if (!pagekeys.containPackage("io.pagekeys." + module)) {
                        throw new AssertionError("no class of io.pagekeys." + module + " was imported, so no rule was checked on it");
                    }
                }));
    }

}
