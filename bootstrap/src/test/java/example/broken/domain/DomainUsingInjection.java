package example.broken.domain;

/** Breaks "domain depends only on the JDK": the model reaches for a framework type. */
public class DomainUsingInjection {

    jakarta.inject.Provider<String> names;
}
