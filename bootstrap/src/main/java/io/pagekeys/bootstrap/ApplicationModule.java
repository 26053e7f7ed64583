package io.pagekeys.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.KeyManagement;
import io.pagekeys.application.port.out.RandomSource;
import io.pagekeys.application.service.AccessCheckService;
import io.pagekeys.application.service.AdministrationService;
import io.pagekeys.application.service.KeyManagementService;
import java.time.Clock;

/**
 * The use cases of pagekeys bound to their services, with the system clock and a strong random source.
 * Needs the driven ports bound by a persistence module (such as {@code PersistenceModule}).
 */
public final class ApplicationModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(KeyManagement.class).to(KeyManagementService.class).in(Singleton.class);
        bind(AccessCheck.class).to(AccessCheckService.class).in(Singleton.class);
        bind(Administration.class).to(AdministrationService.class).in(Singleton.class);
        bind(RandomSource.class).to(SecureRandomSource.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
