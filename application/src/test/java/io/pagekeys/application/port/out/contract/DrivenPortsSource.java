package io.pagekeys.application.port.out.contract;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Where a test suite gets its stores from, so that one suite runs on any implementation of the driven
 * ports: each {@link #open()} gives a fresh store of its own. The suite names a default (the in-memory
 * store) and takes the one that the test class path provides instead, when there is one, through
 * {@link ServiceLoader}: a module that depends on the suite runs it on its own store by registering its
 * implementation in {@code META-INF/services/io.pagekeys.application.port.out.contract.DrivenPortsSource}.
 *
 * <p>An implementation registered that way must be a public class with a public constructor without
 * parameters.
 */
public interface DrivenPortsSource {

    /**
     * A new store, empty and shared with no other caller. The caller closes it.
     *
     * @return an open store; never null
     * @throws IllegalStateException when no store can be made (a database that does not start, say)
     */
    IsolatedStore open();

    /**
     * The source that the class path of {@code DrivenPortsSource} provides, else {@code fallback}.
     *
     * @return a source; never null
     * @throws IllegalStateException when the class path provides more than one, which would leave the
     *     choice to the order of the class path
     * @throws java.util.ServiceConfigurationError when a registered source cannot be made
     */
    static DrivenPortsSource onClassPathOr(DrivenPortsSource fallback) {
        requireNonNull(fallback, "fallback is null");
        List<DrivenPortsSource> provided = ServiceLoader.load(DrivenPortsSource.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        if (provided.size() > 1) {
            throw new IllegalStateException("more than one DrivenPortsSource on the class path: " + provided);
        }
        return provided.isEmpty() ? fallback : provided.get(0);
    }
}
