package io.pagekeys.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule, applied as an extension would apply it to its own packages, catches the deliberate
 * violation written for it in {@code example.broken}, and names the offending class.
 */
class RulesCatchViolationsTest {

    private static final PagekeysArchitecture BROKEN = PagekeysArchitecture.under("example.broken");
    private static JavaClasses brokenExample;

    @BeforeAll
    static void importTheBrokenExample() {
        brokenExample = new ClassFileImporter().importPackages("example.broken");
    }

    static Stream<Arguments> rulesAndTheirViolations() {
        return Stream.of(
                violation(PagekeysArchitecture::domain_depends_only_on_the_jdk, "DomainUsingInjection"),
                violation(PagekeysArchitecture::application_depends_only_on_domain_and_jakarta_inject, "ApplicationUsingAdapter"),
                violation(PagekeysArchitecture::adapters_use_ports_not_services, "RouteCallingService"),
                violation(PagekeysArchitecture::adapters_do_not_know_each_other, "RouteCallingStore"),
                violation(PagekeysArchitecture::only_bootstrap_knows_bootstrap, "StoreReadingWiring"),
                violation(PagekeysArchitecture::no_package_cycles, "cycle.a.Left"),
                violation(PagekeysArchitecture::no_access_to_standard_streams, "ConsolePrinter"),
                violation(PagekeysArchitecture::no_generic_exceptions, "VagueFailure"),
                violation(PagekeysArchitecture::no_java_util_logging, "JulLogger"),
                violation(PagekeysArchitecture::no_field_injection, "FieldInjected"));
    }

    private static Arguments violation(Function<PagekeysArchitecture, ArchRule> rule, String offender) {
        return Arguments.of(rule.apply(BROKEN), offender);
    }

    @ParameterizedTest(name = "{0} catches {1}")
    @MethodSource("rulesAndTheirViolations")
    void ruleReportsTheDeliberateViolation(ArchRule rule, String offender) {
        EvaluationResult result = rule.evaluate(brokenExample);

        assertThat(result.hasViolation()).as("violation found").isTrue();
        assertThat(result.getFailureReport().toString()).contains(offender);
    }

    @ParameterizedTest(name = "{0} lets the sound classes pass")
    @MethodSource("rulesAndTheirViolations")
    void ruleHasNothingToSayAboutSoundClasses(ArchRule rule, String offender) {
        JavaClasses sound = new ClassFileImporter().importClasses(
                example.broken.adapters.store.Store.class, example.broken.application.service.AccountService.class);

        assertThat(rule.evaluate(sound).hasViolation()).isFalse();
    }

    @ParameterizedTest(name = "{0} is explained")
    @MethodSource("rulesAndTheirViolations")
    void everyRuleSaysWhy(ArchRule rule, String offender) {
        assertThat(rule.getDescription()).contains(", because ");
    }
}
