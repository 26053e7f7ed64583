package io.pagekeys.bootstrap;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.KeyManagement;
import io.pagekeys.application.port.out.RandomSource;
import io.pagekeys.application.service.AccessCheckService;
import io.pagekeys.application.service.AdministrationService;
import io.pagekeys.application.service.KeyManagementService;
import java.time.Clock;

/**
 * The use cases of pagekeys bound to their services, with the system clock and a strong random source;
 * decisions on keys are counted and timed in a Micrometer registry. Needs the driven ports bound by a
 * persistence module (such as {@code PersistenceModule}).
 */
public final class ApplicationModule extends AbstractModule {

    private final MeterRegistry registry;

    /** With the metrics in Micrometer's global registry. */
    public ApplicationModule() {
        this(Metrics.globalRegistry);
    }

    public ApplicationModule(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected void configure() {
        bind(KeyManagement.class).to(KeyManagementService.class).in(Singleton.class);
        bind(Administration.class).to(AdministrationService.class).in(Singleton.class);
        bind(RandomSource.class).to(SecureRandomSource.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    AccessCheck accessCheck(AccessCheckService service) {
        return new MeteredAccessCheck(service, registry);
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
