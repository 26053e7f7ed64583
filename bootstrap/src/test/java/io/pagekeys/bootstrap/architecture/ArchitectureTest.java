package io.pagekeys.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The shipped rules hold for the whole of pagekeys' main code, every module at once. */
class ArchitectureTest {

    private static JavaClasses pagekeys;

    @BeforeAll
    static void importMainClassesOfEveryModule() {
        // Main code only, whether a module comes as a folder of classes or as a jar, exactly as an
        // extension's test imports it (the README's snippet): this class path holds pagekeys' test-jars.
        pagekeys = PagekeysArchitecture.importMainClasses("io.pagekeys");
    }

    @TestFactory
    Stream<DynamicTest> everyRuleHoldsForPagekeys() {
        return PagekeysArchitecture.pagekeys().rules().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(pagekeys)));
    }

    @TestFactory
    Stream<DynamicTest> everyModuleIsImported() {
        return Stream.of("domain.AccessRule", "application.port.in.KeyManagement", "application.service.KeyManagementService",
                        "adapters.persistence.JooqApiKeys", "adapters.rest.RestApi", "bootstrap.Server", "bootstrap.cli.Main")
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    if (!pagekeys.contain("io.pagekeys." + name)) {
                        throw new AssertionError("io.pagekeys." + name + " was not imported, so no rule was checked on its module");
                    }
                }));
    }

    @Test
    void fakesAndFixturesOfTheTestJarsAreNotHeldToTheProductionRules() {
        assertThat(pagekeys.contain("io.pagekeys.application.memory.InMemoryStore")).isFalse();
    }

}
