package io.pagekeys.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static java.util.Objects.requireNonNull;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The architecture rules of pagekeys, for its own build and for extensions: an extension's test imports
 * its classes and calls {@link #check(JavaClasses)} (or picks single rules), so that a new adapter is
 * held to the same shape as the shipped ones.
 *
 * <pre>{@code
 * PagekeysArchitecture.pagekeys().check(PagekeysArchitecture.importMainClasses("io.pagekeys"));
 * }</pre>
 *
 * <p>The rules are relative to a base package ({@code io.pagekeys} for the project itself) with the
 * layout {@code <base>.domain}, {@code <base>.application} (driving ports in
 * {@code application.port.in}, services in {@code application.service}), {@code <base>.adapters.<name>}
 * and {@code <base>.bootstrap}.
 */
public final class PagekeysArchitecture {

    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

    private final String base;

    private PagekeysArchitecture(String base) {
        this.base = requireNonNull(base, "base package is null");
    }

    /**
     * The main classes under {@code packages} on the class path, from folders or jars, leaving out test
     * classes and test-jars: pagekeys' published fakes and fixtures (and an extension's own tests) are
     * not production code and are not held to these rules.
     */
    public static JavaClasses importMainClasses(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.matches(TEST_JAR))
                .importPackages(packages);
    }

    /** The rules for pagekeys itself and for adapters added under {@code io.pagekeys.adapters}. */
    public static PagekeysArchitecture pagekeys() {
        return new PagekeysArchitecture("io.pagekeys");
    }

    /** The same rules for a code base laid out like pagekeys under another base package. */
    public static PagekeysArchitecture under(String basePackage) {
        return new PagekeysArchitecture(basePackage);
    }

    /** The domain is plain Java: a model that any host can embed, test and reason about alone. */
    public ArchRule domain_depends_only_on_the_jdk() {
        return classes().that().resideInAPackage(base + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(base + ".domain..", "java..", "")
                .allowEmptyShould(true)
                .as("domain depends only on the JDK")
                .because("the model must be embeddable and testable without any framework or library");
    }

    /** The application knows the domain and the injection annotations, nothing of the adapters. */
    public ArchRule application_depends_only_on_domain_and_jakarta_inject() {
        return classes().that().resideInAPackage(base + ".application..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(base + ".application..", base + ".domain..", "java..", "jakarta.inject..", "")
                .allowEmptyShould(true)
                .as("application depends only on domain and jakarta.inject")
                .because("use cases talk to the outside through ports, so any adapter can be swapped without touching them");
    }

    /** Adapters drive the application through its use-case interfaces. */
    public ArchRule adapters_use_ports_not_services() {
        return noClasses().that().resideInAPackage(base + ".adapters..")
                .should().dependOnClassesThat().resideInAPackage(base + ".application.service..")
                .allowEmptyShould(true)
                .as("adapters use ports, not services")
                .because("the driving ports are the application's contract; services are an implementation that bootstrap wires");
    }

    /** An adapter never calls another adapter: they meet only through the application's ports. */
    public ArchRule adapters_do_not_know_each_other() {
        return slices().matching(base + ".adapters.(*)..")
                .should().notDependOnEachOther()
                .allowEmptyShould(true)
                .as("adapters do not know each other")
                .because("each adapter must be replaceable alone; only bootstrap sees them all");
    }

    /** Nothing in the domain, the application or an adapter reaches up to the wiring. */
    public ArchRule only_bootstrap_knows_bootstrap() {
        return noClasses().that().resideOutsideOfPackage(base + ".bootstrap..")
                .should().dependOnClassesThat().resideInAPackage(base + ".bootstrap..")
                .allowEmptyShould(true)
                .as("only bootstrap knows bootstrap")
                .because("the dependency arrow points from bootstrap to the adapters, never back");
    }

    /** No two packages depend on each other, directly or around a circle. */
    public ArchRule no_package_cycles() {
        // Code that jOOQ generates (in a package named jooq) is shaped by its generator, with tables,
        // keys and records referring to each other; only what we write is held to this rule.
        return slices().matching(base + ".(**)")
                .should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("..jooq.."), resideInAPackage("..jooq.."))
                .allowEmptyShould(true)
                .as("no package cycles")
                .because("a cycle ties packages into one unit that can be neither understood nor replaced piece by piece");
    }

    /** Printing goes through the logger or an injected stream, so that a token never reaches a console by accident. */
    public ArchRule no_access_to_standard_streams() {
        return noClasses().that().resideInAPackage(base + "..").and().doNotHaveSimpleName("Main")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .allowEmptyShould(true)
                .as("no class but Main accesses the standard streams")
                .because("output must go through the logger or a stream passed in, where secrets are kept out deliberately");
    }

    /** Exceptions say what went wrong in the project's own types. */
    public ArchRule no_generic_exceptions() {
        return noClasses().that().resideInAPackage(base + "..")
                .should(GeneralCodingRules.THROW_GENERIC_EXCEPTIONS)
                .allowEmptyShould(true)
                .as("no generic exceptions are thrown")
                .because("callers map exceptions to answers by type and code; Exception or RuntimeException says nothing");
    }

    /** One logging API, so that logs are configured and filtered in one place. */
    public ArchRule no_java_util_logging() {
        return noClasses().that().resideInAPackage(base + "..")
                .should(GeneralCodingRules.USE_JAVA_UTIL_LOGGING)
                .allowEmptyShould(true)
                .as("no java.util.logging")
                .because("pagekeys logs through SLF4J, so hosts choose the backend");
    }

    /** Dependencies come in through constructors. */
    public ArchRule no_field_injection() {
        return noFields().that().areDeclaredInClassesThat().resideInAPackage(base + "..")
                .should(GeneralCodingRules.BE_ANNOTATED_WITH_AN_INJECTION_ANNOTATION)
                .allowEmptyShould(true)
                .as("no field injection")
                .because("constructor injection makes every dependency visible and every object complete once built");
    }

    /** Every rule above, in order. */
    public List<ArchRule> rules() {
        return List.of(
                domain_depends_only_on_the_jdk(),
                application_depends_only_on_domain_and_jakarta_inject(),
                adapters_use_ports_not_services(),
                adapters_do_not_know_each_other(),
                only_bootstrap_knows_bootstrap(),
                no_package_cycles(),
                no_access_to_standard_streams(),
                no_generic_exceptions(),
                no_java_util_logging(),
                no_field_injection());
    }

    /**
     * Checks every rule against {@code classes}.
     *
     * @throws AssertionError listing the violations of the first rule that fails
     */
    public void check(JavaClasses classes) {
        requireNonNull(classes, "classes is null");
        for (ArchRule rule : rules()) {
            rule.check(classes);
        }
    }
}
